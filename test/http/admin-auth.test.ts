import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import jwt from 'jsonwebtoken';
import { SystemClock } from '../../adapters/clock/system-clock';
import { Argon2PasswordHasher } from '../../adapters/security/argon2-password-hasher';
import { KeyRing } from '../../adapters/security/key-ring';
import { StartRefusal } from '../../adapters/config/start-refusal';
import { loadAdminConfig } from '../../apps/admin/config';
import { startTestAdmin, type TestAdmin } from '../support/admin';

const ROOT = resolve(__dirname, '..', '..');

describe('admin login and tokens', () => {
  let admin: TestAdmin;
  let token: string;
  before(async () => {
    admin = await startTestAdmin({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '8' });
    token = await admin.adminToken();
  });
  after(() => admin.close());

  it('answers an unknown user and a wrong password with the same 401', async () => {
    await admin.post('/admin/usuario', { username: 'existe', password: 'Clave2026segura', rol: 'secretaria' }, token);
    const unknown = await admin.post('/auth/login', { username: 'no.existe', password: 'Clave2026segura' });
    const wrong = await admin.post('/auth/login', { username: 'existe', password: 'Incorrecta2026' });
    assert.equal(unknown.status, 401);
    assert.deepEqual(unknown.body, wrong.body);
    assert.equal(unknown.body.code, 'CREDENCIALES_INVALIDAS');
  });

  it('throttles an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    await admin.post('/admin/usuario', { username: 'victima', password: 'Clave2026segura', rol: 'secretaria' }, token);
    for (let i = 0; i < 3; i++) assert.equal((await admin.post('/auth/login', { username: 'victima', password: `Mala${i}xxxx` })).status, 401);
    const blocked = await admin.post('/auth/login', { username: 'VICTIMA', password: 'Clave2026segura' });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.code, 'DEMASIADOS_INTENTOS');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
  });

  it('throttles an address that sprays many accounts', async () => {
    // 5 failures from this address in the tests above; 4 more on other names pass the limit of 8
    for (const name of ['spray1', 'spray2', 'spray3', 'spray4']) await admin.post('/auth/login', { username: name, password: 'Nada2026xx' });
    const res = await admin.post('/auth/login', { username: 'admin', password: 'OdontoCare2026!' });
    assert.equal(res.status, 429);
  });
});

describe('admin sessions', () => {
  let admin: TestAdmin;
  let token: string;
  before(async () => {
    admin = await startTestAdmin();
    token = await admin.adminToken();
  });
  after(() => admin.close());

  it("a deactivated doctor's token stops working at once, and so does its login; reactivating restores the login", async () => {
    const d = (await admin.post('/admin/doctores', { nombre: 'Dr Baja', especialidad: 'General', username: 'dr.baja', password: 'Sonrisa2026' }, token)).body;
    const medico = await admin.login('dr.baja', 'Sonrisa2026');
    assert.equal((await admin.get('/admin/centros', medico)).status, 200);
    await admin.request('DELETE', `/admin/doctores/${d.id_doctor}`, undefined, token);
    const after = await admin.get('/admin/centros', medico);
    assert.deepEqual({ status: after.status, code: after.body.code }, { status: 401, code: 'TOKEN_INVALIDO' });
    assert.equal((await admin.post('/auth/login', { username: 'dr.baja', password: 'Sonrisa2026' })).body.code, 'CREDENCIALES_INVALIDAS');
    await admin.request('PATCH', `/admin/doctores/${d.id_doctor}`, { activo: true }, token);
    assert.equal((await admin.get('/auth/me', await admin.login('dr.baja', 'Sonrisa2026'))).status, 200);
  });

  it("a deactivated secretaria's token stops working; an admin cannot deactivate itself", async () => {
    const u = (await admin.post('/admin/usuario', { username: 'secre.baja', password: 'Clave2026segura', rol: 'secretaria' }, token)).body;
    const secre = await admin.login('secre.baja', 'Clave2026segura');
    const deleted = await admin.request('DELETE', `/admin/usuario/${u.id_user}`, undefined, token);
    assert.deepEqual(deleted.body, { ...u, activo: false });
    assert.equal((await admin.get('/auth/me', secre)).status, 401);
    const self = await admin.request('DELETE', '/admin/usuario/1', undefined, token);
    assert.equal(self.status, 422);
    assert.equal((await admin.get('/auth/me', token)).status, 200);
    assert.equal((await admin.request('PATCH', `/admin/usuario/${u.id_user}`, { activo: true }, token)).body.activo, true);
    assert.equal((await admin.get('/auth/me', secre)).status, 401, 'reactivating does not bring the old token back');
    assert.equal((await admin.get('/auth/me', await admin.login('secre.baja', 'Clave2026segura'))).status, 200);
  });

  it("an INACTIVO patient's token stops working", async () => {
    const p = (await admin.post('/admin/pacientes', { nombre: 'Pac Baja', telefono: '699000111', username: 'pac.baja', password: 'Muela2026x' }, token)).body;
    const paciente = await admin.login('pac.baja', 'Muela2026x');
    assert.equal((await admin.get(`/admin/pacientes/${p.id_paciente}`, paciente)).status, 200);
    await admin.request('PATCH', `/admin/pacientes/${p.id_paciente}`, { estado: 'INACTIVO' }, token);
    assert.equal((await admin.get(`/admin/pacientes/${p.id_paciente}`, paciente)).status, 401);
  });

  it('publishes a JWKS that verifies an issued token (RS256, issuer, audience, kid)', async () => {
    const jwks = await admin.get('/.well-known/jwks.json');
    assert.equal(jwks.status, 200);
    const kid = jwt.decode(token, { complete: true })?.header.kid;
    const jwk = jwks.body.keys.find((k: { kid: string }) => k.kid === kid);
    assert.ok(jwk, 'the signing key is published');
    assert.equal(jwk.d, undefined, 'no private part');
    const claims = jwt.verify(token, createPublicKey({ key: jwk, format: 'jwk' }), { algorithms: ['RS256'], issuer: 'odontocare-admin', audience: 'odontocare' }) as jwt.JwtPayload;
    assert.deepEqual({ sub: claims.sub, rol: claims.rol, username: claims.username }, { sub: '1', rol: 'admin', username: 'admin' });
  });

  it('rejects a token signed by another key with the right kid', async () => {
    const kid = jwt.decode(token, { complete: true })?.header.kid as string;
    const other = KeyRing.fromPem(
      (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      new SystemClock(),
    );
    const forged = jwt.sign({ sub: '1', username: 'admin', rol: 'admin' }, other.current.privateKey, { algorithm: 'RS256', keyid: kid, issuer: 'odontocare-admin', audience: 'odontocare', expiresIn: 60 });
    assert.equal((await admin.get('/auth/me', forged)).status, 401);
  });

  it('gives 409 to a duplicate username, and exactly one 201 to concurrent creates of the same name', async () => {
    const body = { username: 'carrera', password: 'Clave2026segura', rol: 'secretaria' };
    const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => admin.post('/admin/usuario', { ...body, username: i % 2 ? 'CARRERA' : 'carrera' }, token)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409]);
    assert.ok(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'USUARIO_DUPLICADO'));
    const doctorTwin = await admin.post('/admin/doctores', { nombre: 'Gemelo', especialidad: 'General', username: 'carrera', password: 'Sonrisa2026' }, token);
    assert.equal(doctorTwin.status, 409);
  });

  it('concurrent doctor creates with the same username leave one doctor and one user', async () => {
    const body = (n: number) => ({ nombre: `Doble ${n}`, especialidad: 'General', username: 'doble.doc', password: 'Sonrisa2026' });
    const answers = await Promise.all([1, 2, 3].map((n) => admin.post('/admin/doctores', body(n), token)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409]);
    assert.equal((await admin.get('/admin/doctores?q=doble', token)).body.total, 1);
  });

  it('writes a doctor and its user together: when the doctor row fails, the user is not left behind', async () => {
    const db = new Database(join(admin.dataDir, 'admin.db'));
    db.exec("CREATE TRIGGER fallo BEFORE INSERT ON doctors WHEN NEW.nombre = 'Fallo Forzado' BEGIN SELECT RAISE(ABORT, 'fallo forzado'); END");
    db.close();
    const failed = await admin.post('/admin/doctores', { nombre: 'Fallo Forzado', especialidad: 'General', username: 'medio.creado', password: 'Sonrisa2026' }, token);
    assert.equal(failed.status, 500);
    assert.equal(failed.body.code, 'ERROR_INTERNO');
    assert.doesNotMatch(JSON.stringify(failed.body), /fallo forzado|INSERT|SQLITE/i);
    assert.equal((await admin.post('/auth/login', { username: 'medio.creado', password: 'Sonrisa2026' })).status, 401);
    const retry = await admin.post('/admin/doctores', { nombre: 'Bien Creado', especialidad: 'General', username: 'medio.creado', password: 'Sonrisa2026' }, token);
    assert.equal(retry.status, 201, 'the username was not taken by a half-written doctor');
  });

  it('upgrades a password hash made with old parameters on the next successful login', async () => {
    const oldHash = await new Argon2PasswordHasher({ memoryCost: 4096, timeCost: 1, parallelism: 1 }).hash('Antigua2026x');
    const db = new Database(join(admin.dataDir, 'admin.db'));
    db.prepare("INSERT INTO users (username, rol, password_hash, activo) VALUES ('veterano', 'secretaria', ?, 1)").run(oldHash);
    await admin.login('veterano', 'Antigua2026x');
    const stored = db.prepare("SELECT password_hash FROM users WHERE username = 'veterano'").pluck().get() as string;
    db.close();
    assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await admin.login('veterano', 'Antigua2026x');
  });
});

describe('admin start-up', () => {
  it('creates the first admin from configuration only when there are no users, and keeps it across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-boot-'));
    try {
      const first = await startTestAdmin({ DATA_DIR: dir, ADMIN_BOOTSTRAP_USERNAME: 'jefa', ADMIN_BOOTSTRAP_PASSWORD: 'Primera2026x' });
      const firstToken = await first.login('jefa', 'Primera2026x');
      await first.close();
      const second = await startTestAdmin({ DATA_DIR: dir, ADMIN_BOOTSTRAP_USERNAME: 'jefa', ADMIN_BOOTSTRAP_PASSWORD: 'Segunda2026x' });
      try {
        assert.equal((await second.get('/auth/me', firstToken)).status, 200, 'same keys after a restart');
        await second.login('jefa', 'Primera2026x');
        assert.equal((await second.post('/auth/login', { username: 'jefa', password: 'Segunda2026x' })).status, 401);
        assert.equal((await second.get('/admin/usuario', firstToken)).body.total, 1);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps verifying old tokens after a key rotation, and signs new ones with the new key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-rotate-'));
    try {
      const before = await startTestAdmin({ DATA_DIR: dir });
      const oldToken = await before.adminToken();
      await before.close();
      const newKid = KeyRing.openOrCreate(join(dir, 'jwt-keys.json'), new SystemClock()).rotate().kid; // what npm run keys:rotate does
      const afterRotation = await startTestAdmin({ DATA_DIR: dir });
      try {
        assert.equal((await afterRotation.get('/auth/me', oldToken)).status, 200);
        assert.equal(jwt.decode(await afterRotation.adminToken(), { complete: true })?.header.kid, newKid);
        assert.equal((await afterRotation.get('/.well-known/jwks.json')).body.keys.length, 2);
      } finally {
        await afterRotation.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bootstrap password that breaks the password policy, saying why', async () => {
    await assert.rejects(startTestAdmin({ ADMIN_BOOTSTRAP_PASSWORD: 'corta' }), /primer admin.*(caracteres|número)/);
  });

  it('refuses to start in production with the default bootstrap password, with a clear message', () => {
    assert.throws(() => loadAdminConfig({ NODE_ENV: 'production' }), /ADMIN_BOOTSTRAP_PASSWORD.*producción/s);
    assert.equal(loadAdminConfig({ NODE_ENV: 'production', ADMIN_BOOTSTRAP_PASSWORD: 'Propia2026segura' }).production, true);
    const run = spawnSync(process.execPath, ['--require', 'ts-node/register', join(ROOT, 'apps', 'admin', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', NODE_ENV: 'production', ADMIN_BOOTSTRAP_PASSWORD: '', ADMIN_PORT: '0', DATA_DIR: join(tmpdir(), 'odontocare-never') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /ADMIN_BOOTSTRAP_PASSWORD/);
  });

  it('refuses a JWT_PRIVATE_KEY_FILE it could not sign with, in one line naming it, instead of answering every login 500', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'odontocare-pem-'));
    const pem = (name: string, key: KeyObject | string) => {
      const file = join(dir, name);
      writeFileSync(file, typeof key === 'string' ? key : key.export({ format: 'pem', type: 'pkcs8' }));
      return file;
    };
    /** What a start with that key file came to: the refusal's message, or that it started. */
    const startWith = (file: string) =>
      startTestAdmin({ JWT_PRIVATE_KEY_FILE: file }).then(
        async (started) => {
          await started.close();
          return 'arrancó';
        },
        (err: unknown) => (err instanceof StartRefusal ? err.message : `no es una StartRefusal: ${String(err)}`),
      );
    try {
      const refused = {
        'no existe': join(dir, 'no-existe.pem'),
        'no es PEM': pem('texto.pem', 'esto no es una clave\n'),
        'EC, no RSA': pem('ec.pem', generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey),
        'RSA de 1024 bits': pem('rsa-1024.pem', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey),
      };
      for (const [what, file] of Object.entries(refused)) {
        const outcome = await startWith(file);
        assert.match(outcome, /^[^\n]*JWT_PRIVATE_KEY_FILE[^\n]*$/, `${what}: ${outcome}`);
        assert.ok(outcome.includes(file), `${what}: names the file: ${outcome}`);
      }
      const good = await startTestAdmin({ JWT_PRIVATE_KEY_FILE: pem('rsa-2048.pem', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) });
      try {
        assert.equal((await good.get('/auth/me', await good.adminToken())).status, 200, 'a 2048-bit RSA key signs');
      } finally {
        await good.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an invalid setting naming it', () => {
    assert.throws(() => loadAdminConfig({ ADMIN_PORT: 'cinco' }), /ADMIN_PORT/);
  });
});
