/**
 * Accounts: people who sign in, their password hashes, their roles per city,
 * and which cities are public. Passwords are hashed with scrypt from
 * node:crypto (no native dependency) with a random 16-byte salt per user and
 * stored as "scrypt$N$r$p$salt$hash" (salt and hash in base64url), so the
 * cost can be raised later without breaking stored hashes: verification reads
 * N, r and p from the hash itself. Comparison is constant-time
 * (crypto.timingSafeEqual), and signing in with an unknown email still runs
 * one scrypt so the answer takes as long as for a wrong password.
 *
 * Roles are per city and ordered viewer < editor < cityAdmin; a site
 * administrator may do everything. A public city (cities.public = 1) can be
 * read by anybody.
 *
 * Example: const users = createUserRepository(db);
 *          const u = await users.create({ email: 'ana@example.org', displayName: 'Ana', password: 'long enough pw' });
 *          users.setRole(u.id, 'surabaya', 'editor');
 *          users.roleFor(u.id, 'surabaya')                  // 'editor'
 *          await users.authenticate('ANA@example.org', 'long enough pw')  // the user (email ignores case)
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Db } from './db.js';

export const CITY_ROLES = ['viewer', 'editor', 'cityAdmin'] as const;
export type CityRole = (typeof CITY_ROLES)[number];
export const LANGUAGES = ['en', 'id', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isCityRole(value: unknown): value is CityRole {
  return typeof value === 'string' && (CITY_ROLES as readonly string[]).includes(value);
}

/** viewer 1 < editor 2 < cityAdmin 3: `roleRank(a) >= roleRank(b)` means a may do what b may. */
export function roleRank(role: CityRole): number {
  return CITY_ROLES.indexOf(role) + 1;
}

export interface User {
  id: number;
  email: string;
  displayName: string;
  siteAdmin: boolean;
  language: Language | null;
  createdAt: string;
  disabled: boolean;
}

export interface Membership {
  cityId: string;
  cityName: string;
  role: CityRole;
}

export interface Member {
  user: User;
  role: CityRole;
}

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/**
 * 2^16 x 8 x 1: 64 MiB and about 0.4 s per hash on a 2-core server. OWASP's
 * Password Storage Cheat Sheet (2024) asks for N = 2^17 with r = 8, p = 1;
 * raise N when the server can afford it (stored hashes keep working).
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 16, r: 8, p: 1 };
/** For tests only: about 1 ms per hash. */
export const FAST_SCRYPT_FOR_TESTS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;
export const PASSWORD_MIN_LENGTH = 10;
/** Longer passwords only cost hashing time; 200 characters is far beyond a passphrase. */
export const PASSWORD_MAX_LENGTH = 200;

function scryptOptions({ N, r, p }: ScryptParams): ScryptOptions {
  // Node refuses unless maxmem exceeds 128 * N * r bytes.
  return { N, r, p, maxmem: 128 * N * r * 2 };
}

function formatHash(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** "scrypt$N$r$p$salt$hash" -> its parts; null when the text is not such a hash. */
export function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!m) return null;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.N < 2 || (params.N & (params.N - 1)) !== 0 || params.r < 1 || params.p < 1) return null;
  return { params, salt: Buffer.from(m[4], 'base64url'), key: Buffer.from(m[5], 'base64url') };
}

function scryptAsync(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, scryptOptions(params), (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes on the libuv thread pool, so the server keeps answering while it works. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return formatHash(params, salt, await scryptAsync(password, salt, KEY_BYTES, params));
}

/** The same, blocking: for seeding and tests. */
export function hashPasswordSync(password: string, params: ScryptParams = DEFAULT_SCRYPT): string {
  const salt = randomBytes(SALT_BYTES);
  return formatHash(params, salt, scryptSync(password.normalize('NFC'), salt, KEY_BYTES, scryptOptions(params)));
}

/** True when `password` hashes to `stored`; compared in constant time. False for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await scryptAsync(password, parsed.salt, parsed.key.length, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** A hash of a random password, computed once: unknown emails are checked against it so they take as long. */
let dummyHash: Promise<string> | undefined;
function timingDummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
  constructor(readonly email: string) {
    super(`an account with the email ${email} already exists`);
  }
}

export class UsersExistError extends Error {
  override name = 'UsersExistError';
  constructor() {
    super('an account already exists: the first administrator is created only on an empty database');
  }
}

export interface NewUser {
  email: string;
  displayName: string;
  siteAdmin?: boolean;
  language?: Language | null;
}

export interface UserRepository {
  count(): number;
  /** Hashes the password and inserts; EmailTakenError when the email (any case) is taken. */
  create(input: NewUser & { password: string }, params?: ScryptParams): Promise<User>;
  /** Inserts with a hash made elsewhere (hashPassword / hashPasswordSync). */
  createWithHash(input: NewUser & { passwordHash: string }): User;
  /** The first site administrator, only while there is no user at all (UsersExistError otherwise); one transaction. */
  createFirstAdmin(input: { email: string; displayName: string; password: string }, params?: ScryptParams): Promise<User>;
  findById(id: number): User | undefined;
  /** Case-insensitive. */
  findByEmail(email: string): User | undefined;
  /** Every user, by display name. */
  list(): User[];
  /** The user when the email and password match and the account is enabled; null otherwise (same time either way). */
  authenticate(email: string, password: string): Promise<User | null>;
  /** True when `password` is the user's current one. */
  checkPassword(id: number, password: string): Promise<boolean>;
  setPassword(id: number, password: string, params?: ScryptParams): Promise<void>;
  setDisplayName(id: number, displayName: string): void;
  setSiteAdmin(id: number, siteAdmin: boolean): void;
  setDisabled(id: number, disabled: boolean): void;
  setLanguage(id: number, language: Language | null): void;
  /** Gives the user `role` in the city (replacing any role there). */
  setRole(userId: number, cityId: string, role: CityRole): void;
  /** Sets (or, for null, removes) the user's role in each city given, in one transaction. */
  setRoles(userId: number, roles: ReadonlyMap<string, CityRole | null>): void;
  /** False when the user had no role there. */
  removeRole(userId: number, cityId: string): boolean;
  roleFor(userId: number, cityId: string): CityRole | null;
  /** The user's cities and roles, by city name. */
  membershipsOf(userId: number): Membership[];
  /** The city's members, by display name. */
  membersOf(cityId: string): Member[];
}

interface UserRow {
  id: number;
  email: string;
  display_name: string;
  site_admin: number;
  language: string | null;
  created_at: string;
  disabled: number;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    siteAdmin: row.site_admin === 1,
    language: row.language as Language | null,
    createdAt: row.created_at,
    disabled: row.disabled === 1,
  };
}

const USER_COLUMNS = 'id, email, display_name, site_admin, language, created_at, disabled';

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createUserRepository(db: Db, now: () => Date = () => new Date()): UserRepository {
  const countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const insertStmt = db.prepare<[string, string, string, number, string | null, string]>(
    'INSERT INTO users (email, display_name, password_hash, site_admin, language, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byIdStmt = db.prepare<[number], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
  const byEmailStmt = db.prepare<[string], UserRow & { password_hash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE email = ? COLLATE NOCASE`,
  );
  const hashStmt = db.prepare<[number], { password_hash: string }>('SELECT password_hash FROM users WHERE id = ?');
  const listStmt = db.prepare<[], UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY display_name COLLATE NOCASE, id`);
  const setHashStmt = db.prepare<[string, number]>('UPDATE users SET password_hash = ? WHERE id = ?');
  const setNameStmt = db.prepare<[string, number]>('UPDATE users SET display_name = ? WHERE id = ?');
  const setAdminStmt = db.prepare<[number, number]>('UPDATE users SET site_admin = ? WHERE id = ?');
  const setDisabledStmt = db.prepare<[number, number]>('UPDATE users SET disabled = ? WHERE id = ?');
  const setLanguageStmt = db.prepare<[string | null, number]>('UPDATE users SET language = ? WHERE id = ?');
  const setRoleStmt = db.prepare<[number, string, string]>(
    'INSERT INTO memberships (user_id, city_id, role) VALUES (?, ?, ?) ON CONFLICT (user_id, city_id) DO UPDATE SET role = excluded.role',
  );
  const removeRoleStmt = db.prepare<[number, string]>('DELETE FROM memberships WHERE user_id = ? AND city_id = ?');
  const roleStmt = db.prepare<[number, string], { role: CityRole }>('SELECT role FROM memberships WHERE user_id = ? AND city_id = ?');
  const membershipsStmt = db.prepare<[number], { city_id: string; name: string; role: CityRole }>(
    `SELECT m.city_id, c.name, m.role FROM memberships m JOIN cities c ON c.id = m.city_id
     WHERE m.user_id = ? ORDER BY c.name COLLATE NOCASE, c.id`,
  );
  const membersStmt = db.prepare<[string], UserRow & { role: CityRole }>(
    `SELECT ${USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')}, m.role FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.city_id = ? ORDER BY u.display_name COLLATE NOCASE, u.id`,
  );

  const findById = (id: number): User | undefined => {
    const row = byIdStmt.get(id);
    return row ? toUser(row) : undefined;
  };

  const createWithHash = (input: NewUser & { passwordHash: string }): User => {
    try {
      const info = insertStmt.run(
        input.email.trim(),
        input.displayName.trim(),
        input.passwordHash,
        input.siteAdmin ? 1 : 0,
        input.language ?? null,
        now().toISOString(),
      );
      const user = findById(Number(info.lastInsertRowid));
      if (!user) throw new Error('inserted user not found');
      return user;
    } catch (err) {
      if (isUniqueViolation(err)) throw new EmailTakenError(input.email.trim());
      throw err;
    }
  };

  return {
    count: () => countStmt.get()?.n ?? 0,
    async create(input, params) {
      const passwordHash = await hashPassword(input.password, params);
      return createWithHash({ ...input, passwordHash });
    },
    createWithHash,
    async createFirstAdmin(input, params) {
      const passwordHash = await hashPassword(input.password, params);
      return db.transaction(() => {
        if ((countStmt.get()?.n ?? 0) > 0) throw new UsersExistError();
        return createWithHash({ email: input.email, displayName: input.displayName, passwordHash, siteAdmin: true });
      }).immediate();
    },
    findById,
    findByEmail(email) {
      const row = byEmailStmt.get(email.trim());
      return row ? toUser(row) : undefined;
    },
    list: () => listStmt.all().map(toUser),
    async authenticate(email, password) {
      const row = byEmailStmt.get(email.trim());
      if (!row) {
        await verifyPassword(password, await timingDummy());
        return null;
      }
      const ok = await verifyPassword(password, row.password_hash);
      return ok && row.disabled === 0 ? toUser(row) : null;
    },
    async checkPassword(id, password) {
      const row = hashStmt.get(id);
      return row ? verifyPassword(password, row.password_hash) : false;
    },
    async setPassword(id, password, params) {
      setHashStmt.run(await hashPassword(password, params), id);
    },
    setDisplayName: (id, displayName) => void setNameStmt.run(displayName.trim(), id),
    setSiteAdmin: (id, siteAdmin) => void setAdminStmt.run(siteAdmin ? 1 : 0, id),
    setDisabled: (id, disabled) => void setDisabledStmt.run(disabled ? 1 : 0, id),
    setLanguage: (id, language) => void setLanguageStmt.run(language, id),
    setRole: (userId, cityId, role) => void setRoleStmt.run(userId, cityId, role),
    setRoles(userId, roles) {
      db.transaction(() => {
        for (const [cityId, role] of roles) {
          if (role === null) removeRoleStmt.run(userId, cityId);
          else setRoleStmt.run(userId, cityId, role);
        }
      }).immediate();
    },
    removeRole: (userId, cityId) => removeRoleStmt.run(userId, cityId).changes > 0,
    roleFor: (userId, cityId) => roleStmt.get(userId, cityId)?.role ?? null,
    membershipsOf: (userId) => membershipsStmt.all(userId).map((r) => ({ cityId: r.city_id, cityName: r.name, role: r.role })),
    membersOf: (cityId) => membersStmt.all(cityId).map((r) => ({ user: toUser(r), role: r.role })),
  };
}

/** Who may read which city: public cities, and private ones by membership. */
export interface CityAccess {
  /** The city's name and whether it is public; undefined when there is no such city. */
  lookup(cityId: string): { name: string; isPublic: boolean } | undefined;
  /** False when there is no such city. */
  setPublic(cityId: string, isPublic: boolean): boolean;
  /** Ids of the cities `userId` may read (null: anonymous): public ones and the user's memberships. */
  readableCityIds(userId: number | null): Set<string>;
}

export function createCityAccess(db: Db): CityAccess {
  const lookupStmt = db.prepare<[string], { name: string; public: number }>('SELECT name, public FROM cities WHERE id = ?');
  const setPublicStmt = db.prepare<[number, string]>('UPDATE cities SET public = ? WHERE id = ?');
  const readableStmt = db.prepare<[number], { id: string }>(
    'SELECT id FROM cities WHERE public = 1 UNION SELECT city_id FROM memberships WHERE user_id = ?',
  );
  const publicIdsStmt = db.prepare<[], { id: string }>('SELECT id FROM cities WHERE public = 1');
  return {
    lookup(cityId) {
      const row = lookupStmt.get(cityId);
      return row ? { name: row.name, isPublic: row.public === 1 } : undefined;
    },
    setPublic: (cityId, isPublic) => setPublicStmt.run(isPublic ? 1 : 0, cityId).changes > 0,
    readableCityIds(userId) {
      const rows = userId === null ? publicIdsStmt.all() : readableStmt.all(userId);
      return new Set(rows.map((r) => r.id));
    },
  };
}
