import pino from 'pino';
import { LogNotifier, withoutPatientsWords } from '../../adapters/notify/log-notifier';
import { notificationBody } from '../../adapters/notify/notification-body';
import { WebhookNotifier } from '../../adapters/notify/webhook-notifier';
import { type Accepted, notifierContract } from '../contracts/notifier-contract';
import { startReceiver } from './webhook-receiver';

/** The JSON every channel sends (adapters/notify/notification-body.ts), read back in the port's terms. */
const fromBody = (b: Record<string, unknown>): Accepted => ({
  id: b.id as number,
  tipo: b.tipo as string,
  idCita: b.id_cita as number,
  dueAt: b.debida as string,
  attempt: b.intento as number,
  payload: b.datos,
});

// The default channel: one JSON log line per notification, on a stream that can fail like a full disk.
notifierContract('LogNotifier (pino, info level)', () => {
  const lines: string[] = [];
  let writable = true;
  const stream = {
    write(line: string) {
      if (!writable) throw new Error('ENOSPC: no space left on device');
      lines.push(line);
    },
  };
  return {
    notifier: new LogNotifier(pino({ level: 'info' }, stream)),
    // The log's notice leaves the patient's words out (log-notifier.test.ts says which).
    sent: (n) => withoutPatientsWords(notificationBody(n)).datos,
    accepted: () => lines.map((l) => fromBody(JSON.parse(l).notificacion)),
    refuse: () => (writable = false),
    recover: () => (writable = true),
  };
});

// The webhook channel against a real HTTP receiver on 127.0.0.1; refusing means answering 503 to every try.
notifierContract('WebhookNotifier + real HTTP receiver', async () => {
  let accepting = true;
  const accepted: Accepted[] = [];
  const receiver = await startReceiver((_, body) => {
    if (!accepting) return 503;
    accepted.push(fromBody(body));
    return 204;
  });
  return {
    notifier: new WebhookNotifier({ url: receiver.url, maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 }),
    sent: (n) => notificationBody(n).datos,
    accepted: () => accepted,
    refuse: () => (accepting = false),
    recover: () => (accepting = true),
    close: () => receiver.close(),
  };
});
