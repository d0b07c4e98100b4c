/**
 * npm run keys:rotate — adds a new signing key to DATA_DIR/jwt-keys.json.
 * The new key signs from the next start of the admin service; the previous
 * keys stay published in the JWKS, so tokens already issued keep verifying
 * until they expire. (docs/adr/0002-rs256-published-keys.md)
 */
import { SystemClock } from '../../adapters/clock/system-clock';
import { KeyRing } from '../../adapters/security/key-ring';
import { loadAdminConfig } from './config';

function rotate(): void {
  const config = loadAdminConfig();
  if (config.jwt.privateKeyFile) {
    console.error('JWT_PRIVATE_KEY_FILE está definido: la clave se gestiona fuera; sustituya ese fichero para rotarla.');
    process.exit(1);
  }
  const ring = KeyRing.openOrCreate(config.keysFile, new SystemClock());
  const key = ring.rotate();
  console.log(`Nueva clave ${key.kid} en ${config.keysFile}. Reinicie el servicio admin para firmar con ella; las anteriores siguen publicadas.`);
}

if (require.main === module) rotate();
