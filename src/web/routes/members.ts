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
import { requireCityRole, ROLE_LABELS, setFlash, type AuthServices, type CurrentUser } from '../auth.js';
import { HttpError } from '../errors.js';
import { roleOptions } from './admin.js';
import { checkEmail, formField, type FieldErrors } from './auth.js';

export function memberRoutes(services: AuthServices): Router {
  const { users, access } = services;
  const router = Router();

  const cityOf = (req: Request): { id: string; name: string; isPublic: boolean } => {
    const id = req.params.id as string;
    const city = access.lookup(id);
    if (!city) throw new HttpError(404, 'Not found', `There is no city "${id}".`);
    return { id, ...city };
  };

  const render = (req: Request, res: Response, status: number, values: { email: string; role: CityRole }, errors: FieldErrors) => {
    const city = cityOf(req);
    const me = res.locals.user as CurrentUser;
    const action = `/cities/${encodeURIComponent(city.id)}/members`;
    res.status(status).render('members/index', {
      title: `${city.name}: members`,
      city: { name: city.name, href: `/cities/${encodeURIComponent(city.id)}`, isPublic: city.isPublic },
      action,
      members: users.membersOf(city.id).map((m) => ({
        userId: m.user.id,
        displayName: m.user.displayName,
        email: m.user.email,
        disabled: m.user.disabled,
        role: ROLE_LABELS[m.role],
        isMe: m.user.id === me.id,
        options: roleOptions(m.role, null),
      })),
      values,
      addRoleOptions: roleOptions(values.role, null),
      errors,
    });
  };

  router.get('/cities/:id/members', requireCityRole('cityAdmin'), (req, res) => {
    render(req, res, 200, { email: '', role: 'viewer' }, {});
  });

  router.post('/cities/:id/members', requireCityRole('cityAdmin'), (req, res) => {
    const city = cityOf(req);
    const me = res.locals.user as CurrentUser;
    const action = formField(req, 'action');
    const roleText = formField(req, 'role');
    const role: CityRole | null = isCityRole(roleText) ? roleText : null;

    if (action === 'add') {
      const email = formField(req, 'email');
      const errors: FieldErrors = {};
      checkEmail(email, errors);
      if (!role) errors.role = 'Choose a role from the list.';
      const user = errors.email ? undefined : users.findByEmail(email);
      if (!errors.email && !user) errors.email = 'No account has this email. A site administrator creates accounts; ask one, then add the person here.';
      const values = { email, role: role ?? 'viewer' };
      if (Object.keys(errors).length > 0 || !user || !role) {
        render(req, res, 422, values, errors);
        return;
      }
      const existing = users.roleFor(user.id, city.id);
      if (existing) {
        render(req, res, 409, values, { email: `${user.displayName} is already a member (${ROLE_LABELS[existing]}); change the role in the list.` });
        return;
      }
      users.setRole(user.id, city.id, role);
      setFlash(req, `${user.displayName} is now ${ROLE_LABELS[role]} of ${city.name}.`);
    } else if (action === 'change' || action === 'remove') {
      const userIdText = formField(req, 'userId');
      const member = /^\d{1,15}$/.test(userIdText) ? users.findById(Number(userIdText)) : undefined;
      if (!member || users.roleFor(member.id, city.id) === null) {
        throw new HttpError(404, 'Not found', `That account is not a member of ${city.name}; reload the page.`);
      }
      if (member.id === me.id && !me.siteAdmin) {
        throw new HttpError(409, 'Not changed', 'You cannot change or remove your own role; ask another city administrator or a site administrator.');
      }
      if (action === 'remove') {
        users.removeRole(member.id, city.id);
        setFlash(req, `${member.displayName} is no longer a member of ${city.name}.`);
      } else {
        if (!role) {
          render(req, res, 422, { email: '', role: 'viewer' }, { form: 'Choose a role from the list.' });
          return;
        }
        users.setRole(member.id, city.id, role);
        setFlash(req, `${member.displayName} is now ${ROLE_LABELS[role]} of ${city.name}.`);
      }
    } else if (action === 'visibility') {
      const value = formField(req, 'public');
      if (value !== '1' && value !== '0') throw new HttpError(422, 'Not changed', 'Say whether the city is public (1) or private (0).');
      access.setPublic(city.id, value === '1');
      setFlash(req, value === '1' ? `${city.name} is public: anybody may read it.` : `${city.name} is private: only its members may read it.`);
    } else {
      throw new HttpError(400, 'Bad request', 'The form did not say what to change (action).');
    }
    res.redirect(303, `/cities/${encodeURIComponent(city.id)}/members`);
  });

  return router;
}
