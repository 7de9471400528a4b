/**
 * A city's members and who may read it, managed by its city administrators
 * (and site administrators).
 *
 *   GET  /cities/:id/members   the members and their roles, the add form, public or private
 *   POST /cities/:id/members   action=add (email, role) | change (userId, role) | remove (userId)
 *                              | visibility (public=1|0)
 *                              422: bad field or no account with that email; 409: already a member,
 *                              or a city administrator changing their own role (ask another one)
 */
import { Router, type Request, type Response } from 'express';
import { isCityRole, type CityRole } from '../../store/users.js';
import { requireCityRole, roleLabel, setFlash, type AuthServices, type CurrentUser } from '../auth.js';
import { HttpError } from '../errors.js';
import { roleOptions } from './admin.js';
import { checkEmail, formField, tOf, type FieldErrors } from './auth.js';

export function memberRoutes(services: AuthServices): Router {
  const { users, access } = services;
  const router = Router();

  const cityOf = (req: Request, res: Response): { id: string; name: string; isPublic: boolean } => {
    const id = req.params.id as string;
    const city = access.lookup(id);
    if (!city) throw new HttpError(404, tOf(res)('members.notFound'), tOf(res)('members.noCity', { id }));
    return { id, ...city };
  };

  const render = (req: Request, res: Response, status: number, values: { email: string; role: CityRole }, errors: FieldErrors) => {
    const t = tOf(res);
    const city = cityOf(req, res);
    const me = res.locals.user as CurrentUser;
    const action = `/cities/${encodeURIComponent(city.id)}/members`;
    res.status(status).render('members/index', {
      title: t('members.title', { city: city.name }),
      city: { name: city.name, href: `/cities/${encodeURIComponent(city.id)}`, isPublic: city.isPublic },
      action,
      members: users.membersOf(city.id).map((m) => ({
        userId: m.user.id,
        displayName: m.user.displayName,
        email: m.user.email,
        disabled: m.user.disabled,
        role: roleLabel(t, m.role),
        isMe: m.user.id === me.id,
        options: roleOptions(m.role, null, t),
      })),
      values,
      addRoleOptions: roleOptions(values.role, null, t),
      errors,
    });
  };

  router.get('/cities/:id/members', requireCityRole('cityAdmin'), (req, res) => {
    render(req, res, 200, { email: '', role: 'viewer' }, {});
  });

  router.post('/cities/:id/members', requireCityRole('cityAdmin'), (req, res) => {
    const t = tOf(res);
    const city = cityOf(req, res);
    const me = res.locals.user as CurrentUser;
    const action = formField(req, 'action');
    const roleText = formField(req, 'role');
    const role: CityRole | null = isCityRole(roleText) ? roleText : null;

    if (action === 'add') {
      const email = formField(req, 'email');
      const errors: FieldErrors = {};
      checkEmail(email, errors, 'email', t);
      if (!role) errors.role = t('members.chooseRole');
      const user = errors.email ? undefined : users.findByEmail(email);
      if (!errors.email && !user) errors.email = t('members.noAccount');
      const values = { email, role: role ?? 'viewer' };
      if (Object.keys(errors).length > 0 || !user || !role) {
        render(req, res, 422, values, errors);
        return;
      }
      const existing = users.roleFor(user.id, city.id);
      if (existing) {
        render(req, res, 409, values, { email: t('members.already', { name: user.displayName, role: roleLabel(t, existing) }) });
        return;
      }
      users.setRole(user.id, city.id, role);
      setFlash(req, t('members.nowRole', { name: user.displayName, role: roleLabel(t, role), city: city.name }));
    } else if (action === 'change' || action === 'remove') {
      const userIdText = formField(req, 'userId');
      const member = /^\d{1,15}$/.test(userIdText) ? users.findById(Number(userIdText)) : undefined;
      if (!member || users.roleFor(member.id, city.id) === null) {
        throw new HttpError(404, t('members.notFound'), t('members.notMember', { city: city.name }));
      }
      if (member.id === me.id && !me.siteAdmin) {
        throw new HttpError(409, t('members.notChanged'), t('members.own'));
      }
      if (action === 'remove') {
        users.removeRole(member.id, city.id);
        setFlash(req, t('members.removed', { name: member.displayName, city: city.name }));
      } else {
        if (!role) {
          render(req, res, 422, { email: '', role: 'viewer' }, { form: t('members.chooseRole') });
          return;
        }
        users.setRole(member.id, city.id, role);
        setFlash(req, t('members.nowRole', { name: member.displayName, role: roleLabel(t, role), city: city.name }));
      }
    } else if (action === 'visibility') {
      const value = formField(req, 'public');
      if (value !== '1' && value !== '0') throw new HttpError(422, t('members.notChanged'), t('members.sayPublic'));
      access.setPublic(city.id, value === '1');
      setFlash(req, t(value === '1' ? 'members.nowPublic' : 'members.nowPrivate', { city: city.name }));
    } else {
      throw new HttpError(400, t('members.badRequest'), t('members.noAction'));
    }
    res.redirect(303, `/cities/${encodeURIComponent(city.id)}/members`);
  });

  return router;
}
