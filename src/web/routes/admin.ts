/**
 * Accounts, for site administrators only.
 *
 *   GET  /admin/users           every account, the form to create one, and a link to the backup (src/web/routes/backup.ts)
 *   POST /admin/users           create (422 bad fields, 409 email taken) -> the new account's page
 *   GET  /admin/users/:userId   one account: name, site administrator, disabled; role in each city; password reset
 *   POST /admin/users/:userId   action=account | roles | password (404 unknown account, 422 bad fields,
 *                               409 when you would take away your own site administrator flag or disable yourself)
 *
 * Disabling an account or resetting its password signs it out everywhere.
 */
import { Router, type Request, type Response } from 'express';
import type { CityRepository } from '../../store/cities.js';
import { CITY_ROLES, EmailTakenError, isCityRole, PASSWORD_MIN_LENGTH, type CityRole, type ScryptParams, type User } from '../../store/users.js';
import { requireSiteAdmin, roleLabel, setFlash, type AuthServices, type CurrentUser } from '../auth.js';
import { HttpError } from '../errors.js';
import { translator, type Translator } from '../../i18n/index.js';
import type { LocaleFormatter } from '../../reports/locale.js';
import { checkDisplayName, checkEmail, checkNewPassword, formField, tOf, type FieldErrors } from './auth.js';
import { BACKUP_PATH } from './backup.js';

/** The select's options for a role, '' meaning none. */
export function roleOptions(current: CityRole | null, noneLabel: string | null, t: Translator = translator('en')): Array<{ value: string; label: string; selected: boolean }> {
  const options = CITY_ROLES.map((r) => ({ value: r, label: roleLabel(t, r), selected: current === r }));
  return noneLabel === null ? options : [{ value: '', label: noneLabel, selected: current === null }, ...options];
}

export function adminRoutes(services: AuthServices, cities: CityRepository, options: { scrypt?: ScryptParams } = {}): Router {
  const { users, sessions } = services;
  const router = Router();

  const userOf = (req: Request, res: Response): User => {
    const raw = req.params.userId;
    const user = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? users.findById(Number(raw)) : undefined;
    if (!user) throw new HttpError(404, tOf(res)('admin.notFound'), tOf(res)('admin.noAccount', { id: String(raw) }));
    return user;
  };

  const renderList = (res: Response, status: number, values: { email: string; displayName: string; siteAdmin: boolean }, errors: FieldErrors) => {
    const t = tOf(res);
    const rows = users.list().map((u) => ({
      href: `/admin/users/${u.id}`,
      displayName: u.displayName,
      email: u.email,
      siteAdmin: u.siteAdmin,
      disabled: u.disabled,
      cities: users.membershipsOf(u.id).map((m) => t('admin.cityRole', { city: m.cityName, role: roleLabel(t, m.role) })).join(', '),
    }));
    res.status(status).render('admin/users', { title: t('admin.title'), rows, values, errors, minLength: PASSWORD_MIN_LENGTH, backupHref: BACKUP_PATH });
  };

  router.get('/admin/users', requireSiteAdmin, (_req, res) => {
    renderList(res, 200, { email: '', displayName: '', siteAdmin: false }, {});
  });

  router.post('/admin/users', requireSiteAdmin, async (req, res) => {
    const values = { email: formField(req, 'email'), displayName: formField(req, 'displayName'), siteAdmin: formField(req, 'siteAdmin') === '1' };
    const password = formField(req, 'password', true);
    const errors: FieldErrors = {};
    const t = tOf(res);
    checkEmail(values.email, errors, 'email', t);
    checkDisplayName(values.displayName, errors, 'displayName', t);
    checkNewPassword(password, formField(req, 'password2', true), errors, undefined, t);
    if (!errors.email && users.findByEmail(values.email)) {
      renderList(res, 409, values, { ...errors, email: t('admin.emailTaken') });
      return;
    }
    if (Object.keys(errors).length > 0) {
      renderList(res, 422, values, errors);
      return;
    }
    let user: User;
    try {
      user = await users.create({ ...values, password }, options.scrypt);
    } catch (err) {
      if (!(err instanceof EmailTakenError)) throw err;
      renderList(res, 409, values, { email: t('admin.emailTaken') });
      return;
    }
    setFlash(req, t('admin.createdFlash', { name: user.displayName }));
    res.redirect(303, `/admin/users/${user.id}`);
  });

  const renderUser = (req: Request, res: Response, user: User, status: number, errors: FieldErrors, values?: { displayName: string; siteAdmin: boolean; disabled: boolean }) => {
    const t = tOf(res);
    const me = res.locals.user as CurrentUser;
    const roles = new Map(users.membershipsOf(user.id).map((m) => [m.cityId, m.role]));
    res.status(status).render('admin/user', {
      title: t('admin.userTitle', { name: user.displayName }),
      account: { id: user.id, email: user.email, createdAt: (res.locals.fmt as LocaleFormatter).date(user.createdAt.slice(0, 10)), isMe: me.id === user.id },
      values: values ?? { displayName: user.displayName, siteAdmin: user.siteAdmin, disabled: user.disabled },
      cityRoles: cities.list().map((c) => ({
        name: c.name,
        field: `role_${c.id}`,
        fieldId: `role-${c.id}`,
        options: roleOptions(roles.get(c.id) ?? null, t('admin.noRole'), t),
      })),
      errors,
      minLength: PASSWORD_MIN_LENGTH,
      action: `/admin/users/${user.id}`,
    });
  };

  router.get('/admin/users/:userId', requireSiteAdmin, (req, res) => {
    renderUser(req, res, userOf(req, res), 200, {});
  });

  router.post('/admin/users/:userId', requireSiteAdmin, async (req, res) => {
    const t = tOf(res);
    const user = userOf(req, res);
    const me = res.locals.user as CurrentUser;
    const action = formField(req, 'action');
    if (action === 'account') {
      const values = { displayName: formField(req, 'displayName'), siteAdmin: formField(req, 'siteAdmin') === '1', disabled: formField(req, 'disabled') === '1' };
      const errors: FieldErrors = {};
      checkDisplayName(values.displayName, errors, 'displayName', t);
      if (user.id === me.id && (!values.siteAdmin || values.disabled)) {
        const field = values.disabled ? 'disabled' : 'siteAdmin';
        renderUser(req, res, user, 409, { ...errors, [field]: t('admin.own') }, values);
        return;
      }
      if (Object.keys(errors).length > 0) {
        renderUser(req, res, user, 422, errors, values);
        return;
      }
      users.setDisplayName(user.id, values.displayName);
      users.setSiteAdmin(user.id, values.siteAdmin);
      users.setDisabled(user.id, values.disabled);
      if (values.disabled && !user.disabled) sessions.destroyForUser(user.id);
      setFlash(req, t(values.disabled ? 'admin.savedDisabled' : 'admin.saved', { name: values.displayName }));
    } else if (action === 'roles') {
      const all = cities.list();
      const wanted = new Map<string, CityRole | null>();
      const errors: FieldErrors = {};
      for (const c of all) {
        const value = formField(req, `role_${c.id}`);
        if (value === '') wanted.set(c.id, null);
        else if (isCityRole(value)) wanted.set(c.id, value);
        else errors[`role_${c.id}`] = t('admin.chooseRole');
      }
      if (Object.keys(errors).length > 0) {
        renderUser(req, res, user, 422, errors);
        return;
      }
      users.setRoles(user.id, wanted);
      setFlash(req, t('admin.rolesSaved', { name: user.displayName }));
    } else if (action === 'password') {
      const password = formField(req, 'password', true);
      const errors: FieldErrors = {};
      checkNewPassword(password, formField(req, 'password2', true), errors, undefined, t);
      if (Object.keys(errors).length > 0) {
        renderUser(req, res, user, 422, errors);
        return;
      }
      await users.setPassword(user.id, password, options.scrypt);
      if (user.id !== me.id) sessions.destroyForUser(user.id);
      setFlash(req, t(user.id !== me.id ? 'admin.passwordReset' : 'admin.passwordResetMe', { name: user.displayName }));
    } else {
      throw new HttpError(400, t('admin.badRequest'), t('admin.noAction'));
    }
    res.redirect(303, `/admin/users/${user.id}`);
  });

  return router;
}
