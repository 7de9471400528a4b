/**
 * Accounts, for site administrators only.
 *
 *   GET  /admin/users           every account, and the form to create one
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
import { requireSiteAdmin, roleLabel, ROLE_LABELS, setFlash, type AuthServices, type CurrentUser } from '../auth.js';
import { HttpError } from '../errors.js';
import { translator, type Translator } from '../../i18n/index.js';
import { checkDisplayName, checkEmail, checkNewPassword, formField, type FieldErrors } from './auth.js';

/** The select's options for a role, '' meaning none. */
export function roleOptions(current: CityRole | null, noneLabel: string | null, t: Translator = translator('en')): Array<{ value: string; label: string; selected: boolean }> {
  const options = CITY_ROLES.map((r) => ({ value: r, label: roleLabel(t, r), selected: current === r }));
  return noneLabel === null ? options : [{ value: '', label: noneLabel, selected: current === null }, ...options];
}

export function adminRoutes(services: AuthServices, cities: CityRepository, options: { scrypt?: ScryptParams } = {}): Router {
  const { users, sessions } = services;
  const router = Router();

  const userOf = (req: Request): User => {
    const raw = req.params.userId;
    const user = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? users.findById(Number(raw)) : undefined;
    if (!user) throw new HttpError(404, 'Not found', `There is no account number ${raw}.`);
    return user;
  };

  const renderList = (res: Response, status: number, values: { email: string; displayName: string; siteAdmin: boolean }, errors: FieldErrors) => {
    const rows = users.list().map((u) => ({
      href: `/admin/users/${u.id}`,
      displayName: u.displayName,
      email: u.email,
      siteAdmin: u.siteAdmin,
      disabled: u.disabled,
      cities: users.membershipsOf(u.id).map((m) => `${m.cityName} (${ROLE_LABELS[m.role]})`).join(', '),
    }));
    res.status(status).render('admin/users', { title: 'Accounts', rows, values, errors, minLength: PASSWORD_MIN_LENGTH });
  };

  router.get('/admin/users', requireSiteAdmin, (_req, res) => {
    renderList(res, 200, { email: '', displayName: '', siteAdmin: false }, {});
  });

  router.post('/admin/users', requireSiteAdmin, async (req, res) => {
    const values = { email: formField(req, 'email'), displayName: formField(req, 'displayName'), siteAdmin: formField(req, 'siteAdmin') === '1' };
    const password = formField(req, 'password', true);
    const errors: FieldErrors = {};
    checkEmail(values.email, errors);
    checkDisplayName(values.displayName, errors);
    checkNewPassword(password, formField(req, 'password2', true), errors);
    if (!errors.email && users.findByEmail(values.email)) {
      renderList(res, 409, values, { ...errors, email: 'An account with this email already exists.' });
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
      renderList(res, 409, values, { email: 'An account with this email already exists.' });
      return;
    }
    setFlash(req, `Account created for ${user.displayName}. Give it a role in a city below.`);
    res.redirect(303, `/admin/users/${user.id}`);
  });

  const renderUser = (req: Request, res: Response, user: User, status: number, errors: FieldErrors, values?: { displayName: string; siteAdmin: boolean; disabled: boolean }) => {
    const me = res.locals.user as CurrentUser;
    const roles = new Map(users.membershipsOf(user.id).map((m) => [m.cityId, m.role]));
    res.status(status).render('admin/user', {
      title: `Account: ${user.displayName}`,
      account: { id: user.id, email: user.email, createdAt: user.createdAt.slice(0, 10), isMe: me.id === user.id },
      values: values ?? { displayName: user.displayName, siteAdmin: user.siteAdmin, disabled: user.disabled },
      cityRoles: cities.list().map((c) => ({
        name: c.name,
        field: `role_${c.id}`,
        fieldId: `role-${c.id}`,
        options: roleOptions(roles.get(c.id) ?? null, 'No role'),
      })),
      errors,
      minLength: PASSWORD_MIN_LENGTH,
      action: `/admin/users/${user.id}`,
    });
  };

  router.get('/admin/users/:userId', requireSiteAdmin, (req, res) => {
    renderUser(req, res, userOf(req), 200, {});
  });

  router.post('/admin/users/:userId', requireSiteAdmin, async (req, res) => {
    const user = userOf(req);
    const me = res.locals.user as CurrentUser;
    const action = formField(req, 'action');
    if (action === 'account') {
      const values = { displayName: formField(req, 'displayName'), siteAdmin: formField(req, 'siteAdmin') === '1', disabled: formField(req, 'disabled') === '1' };
      const errors: FieldErrors = {};
      checkDisplayName(values.displayName, errors);
      if (user.id === me.id && (!values.siteAdmin || values.disabled)) {
        const field = values.disabled ? 'disabled' : 'siteAdmin';
        renderUser(req, res, user, 409, { ...errors, [field]: 'You cannot take this away from your own account; ask another site administrator.' }, values);
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
      setFlash(req, `Saved ${values.displayName}'s account${values.disabled ? '; it is disabled and signed out' : ''}.`);
    } else if (action === 'roles') {
      const all = cities.list();
      const wanted = new Map<string, CityRole | null>();
      const errors: FieldErrors = {};
      for (const c of all) {
        const value = formField(req, `role_${c.id}`);
        if (value === '') wanted.set(c.id, null);
        else if (isCityRole(value)) wanted.set(c.id, value);
        else errors[`role_${c.id}`] = 'Choose a role from the list.';
      }
      if (Object.keys(errors).length > 0) {
        renderUser(req, res, user, 422, errors);
        return;
      }
      users.setRoles(user.id, wanted);
      setFlash(req, `Saved ${user.displayName}'s roles.`);
    } else if (action === 'password') {
      const password = formField(req, 'password', true);
      const errors: FieldErrors = {};
      checkNewPassword(password, formField(req, 'password2', true), errors);
      if (Object.keys(errors).length > 0) {
        renderUser(req, res, user, 422, errors);
        return;
      }
      await users.setPassword(user.id, password, options.scrypt);
      if (user.id !== me.id) sessions.destroyForUser(user.id);
      setFlash(req, `${user.displayName}'s password is reset${user.id !== me.id ? ' and the account is signed out everywhere' : ''}. Tell them the new one in person or by phone.`);
    } else {
      throw new HttpError(400, 'Bad request', 'The form did not say what to change (action).');
    }
    res.redirect(303, `/admin/users/${user.id}`);
  });

  return router;
}
