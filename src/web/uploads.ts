/**
 * File uploads for imports: one multipart/form-data body read with busboy
 * (the file and a few text fields), at most MAX_UPLOAD_BYTES, kept in memory.
 * And the uploads waiting for their "Confirm" between the preview and the
 * write: kept here on the server under a random token bound to the person who
 * uploaded it, so the confirmation cannot be tampered with (the page only
 * carries the token), and re-read and re-validated when confirmed.
 *
 * Example: const upload = await readUpload(req);   // { file: { name, data }, fields: { deleteMissing: '1' } }
 *          const token = pending.put({ userId: 3, ... data: upload.file.data });
 *          pending.take(token, 3)                   // the upload, once; undefined for anybody else or after 30 min
 */
import { randomBytes } from 'node:crypto';
import busboy from 'busboy';
import type { Request } from 'express';
import { translator, type Translator } from '../i18n/index.js';
import { HttpError } from './errors.js';

/** Largest file accepted (a whole Surabaya city file is about 0.5 MB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** How long an upload waits for its confirmation. */
export const PENDING_TTL_MS = 30 * 60 * 1000;
/** Uploads waiting at most (20 x 5 MB bounds the memory they take). */
const MAX_PENDING = 20;

export interface Upload {
  file: { name: string; data: Buffer } | null;
  fields: Record<string, string>;
}

/** Reads a multipart form with one file field named "file"; 413 past the size limit, 400 for anything else (worded in `t`'s language). */
export function readUpload(req: Request, t: Translator = translator('en')): Promise<Upload> {
  const unreadable = () => new HttpError(400, t('transfer.upload.badRequest'), t('transfer.upload.unreadable'));
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new HttpError(400, t('transfer.upload.badRequest'), t('transfer.upload.notMultipart')));
  }
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 10_000 } });
    } catch {
      reject(unreadable());
      return;
    }
    const fields: Record<string, string> = {};
    let file: Upload['file'] = null;
    let tooLarge = false;
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        if (name === 'file' && !tooLarge) file = { name: info.filename ?? '', data: Buffer.concat(chunks) };
      });
    });
    bb.on('error', () => reject(unreadable()));
    bb.on('close', () => {
      if (tooLarge) reject(new HttpError(413, t('transfer.upload.tooLargeTitle'), t('transfer.upload.tooLarge', { mb: String(MAX_UPLOAD_BYTES / 1024 / 1024) })));
      else resolve({ file, fields });
    });
    req.pipe(bb);
  });
}

export interface PendingImport {
  userId: number;
  kind: 'table' | 'city';
  /** The city imported into (table) or replaced (city); null for a new city. */
  cityId: string | null;
  /** The version the preview was made from: the write is refused when the city moved on. */
  version: number | null;
  table: string | null;
  deleteMissing: boolean;
  fileName: string;
  data: Buffer;
}

export interface PendingImports {
  put(p: PendingImport): string;
  /** The upload under `token` when it is `userId`'s and not expired; removed once taken. */
  take(token: string, userId: number): PendingImport | undefined;
  readonly size: number;
}

export function createPendingImports(now: () => number = () => Date.now()): PendingImports {
  const entries = new Map<string, PendingImport & { at: number }>();
  const sweep = () => {
    for (const [k, e] of entries) if (now() - e.at > PENDING_TTL_MS) entries.delete(k);
    while (entries.size >= MAX_PENDING) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };
  return {
    put(p) {
      sweep();
      const token = randomBytes(24).toString('base64url');
      entries.set(token, { ...p, at: now() });
      return token;
    },
    take(token, userId) {
      const e = entries.get(token);
      if (!e || e.userId !== userId) return undefined;
      entries.delete(token);
      if (now() - e.at > PENDING_TTL_MS) return undefined;
      const { at: _at, ...rest } = e;
      return rest;
    },
    get size() {
      return entries.size;
    },
  };
}
