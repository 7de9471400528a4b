/**
 * Error pages: an HttpError carries the status and a message fit for the
 * person reading the page; anything else is a bug, logged with its stack and
 * shown as a plain 500 (with the stack only when exposeErrors is on).
 * The pages are in the request's language (src/web/i18n.ts); an HttpError's
 * title and message are shown as given, so a route words them with
 * res.locals.t.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { translator } from '../i18n/index.js';
import { ensureLanguage } from './i18n.js';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export function notFound(what: string): HttpError {
  return new HttpError(404, 'Not found', what);
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const t = translator(ensureLanguage(req, res));
  res.status(404).render('errors/404', { title: t('errors.notFound.title'), message: t('errors.notFound.noPage', { path: req.path }) });
};

export function errorHandler(options: { exposeErrors: boolean; log: (line: string) => void }): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const t = translator(ensureLanguage(req, res));
    if (err instanceof HttpError) {
      const view = err.status === 404 ? 'errors/404' : 'errors/error';
      // notFound() and routes not yet translated title their errors in English: the page's language instead.
      const title = err.title === 'Not found' ? t('errors.notFound.title') : err.title === 'Bad request' ? t('errors.badRequest.title') : err.title;
      res.status(err.status).render(view, { title, message: err.message, detail: null });
      return;
    }
    // body-parser and friends mark client errors with a status.
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) options.log(`error on ${req.method} ${req.originalUrl}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const detail = options.exposeErrors && err instanceof Error ? (err.stack ?? err.message) : null;
    res.status(status).render('errors/error', {
      title: status === 500 ? t('errors.server.title') : t('errors.badRequest.title'),
      message: status === 500 ? t('errors.server.message') : t('errors.badRequest.message'),
      detail,
    });
  };
}
