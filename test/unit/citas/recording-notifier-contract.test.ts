import { notifierContract } from '../../contracts/notifier-contract';
import { RecordingNotifier } from '../../fakes/recording-notifier';

// The notifier the delivery-round and worker tests rely on keeps the promises of the real channels.
notifierContract('RecordingNotifier', () => {
  const notifier = new RecordingNotifier();
  return {
    notifier,
    sent: (n) => n.payload,
    accepted: () => notifier.delivered.map((n) => ({ id: n.id, tipo: n.tipo, idCita: n.idCita, dueAt: n.dueAt.toISOString(), attempt: n.attempt, payload: n.payload })),
    refuse: () => (notifier.failWith = () => new Error('el receptor no acepta')),
    recover: () => (notifier.failWith = undefined),
  };
});
