import { api, ApiError, whenSessionLost } from './api.js';
import type { App } from './app.js';
import { clinicNextDay, clinicToday, serverClock } from './clock.js';
import { Directory } from './directory.js';
import { button, field, h, replace } from './dom.js';
import { FormMessages } from './form-messages.js';
import { sendOnSubmit } from './form-send.js';
import { ROL_LABEL } from './format.js';
import type { Session } from './types.js';
import { agendaView } from './views/agenda.js';
import { bookingView } from './views/booking.js';
import { directoryView } from './views/directorio.js';
import { misCitasView } from './views/mis-citas.js';
import { passwordView } from './views/password.js';
import { porConfirmarView } from './views/por-confirmar.js';
import { proximosView } from './views/proximos.js';
import { horariosView } from './views/horarios.js';
import { usuariosView } from './views/usuarios.js';

/**
 * The front desk page: a login form, then one shell (header, navigation,
 * "Salir", a message area) around the views the user's role has. Routes are
 * the URL's hash (#/agenda), so reload and the back button work and the
 * server serves one index.html. Roles are enforced by the APIs; the
 * navigation only leaves out what a role cannot use.
 */
interface Route {
  path: string;
  label: string;
  render: (app: App) => Promise<void> | void;
}

function routesFor(session: Session): Route[] {
  const rol = session.user.rol;
  // Who may book is the session's word (puede_reservar: core's rule and the clinic's RESERVA_SECRETARIA).
  const reservar: Route[] = session.puede_reservar ? [{ path: 'reservar', label: 'Reservar', render: bookingView }] : [];
  if (rol === 'paciente') {
    return [
      { path: 'mis-citas', label: 'Mis citas', render: misCitasView },
      ...reservar,
      { path: 'contrasena', label: 'Contraseña', render: passwordView },
    ];
  }
  if (rol === 'medico') {
    return [
      { path: 'agenda', label: 'Mi agenda', render: agendaView },
      { path: 'ausencias', label: 'Mis ausencias', render: horariosView },
      { path: 'contrasena', label: 'Contraseña', render: passwordView },
    ];
  }
  return [
    { path: 'agenda', label: 'Agenda', render: agendaView },
    ...reservar,
    { path: 'por-confirmar', label: 'Por confirmar', render: porConfirmarView },
    { path: 'proximos', label: 'Próximos huecos', render: proximosView },
    { path: 'horarios', label: 'Horarios y ausencias', render: horariosView },
    { path: 'pacientes', label: 'Pacientes', render: (app) => directoryView(app, 'pacientes') },
    { path: 'doctores', label: 'Doctores', render: (app) => directoryView(app, 'doctores') },
    { path: 'centros', label: 'Centros', render: (app) => directoryView(app, 'centros') },
    // Accounts are admin's alone (admin refuses the user routes to anyone else): a secretaria is not offered them.
    ...(rol === 'admin' ? [{ path: 'usuarios', label: 'Usuarios', render: usuariosView }] : []),
    { path: 'contrasena', label: 'Contraseña', render: passwordView },
  ];
}

const root = document.getElementById('app') as HTMLElement;

/**
 * A session lost mid-use, waiting under the login form for its person
 * (startShell): `username` fills Usuario, and `resume` takes the new
 * session, answering whether it brought the page back (the same person)
 * or a new one must start (someone else).
 */
interface LostSession {
  username: string;
  resume(session: Session): boolean;
}

/** The login form; with `lost`, over the hidden page of that session instead of in its place. Returns the form's page. */
function loginView(reason?: string, lost?: LostSession): HTMLElement {
  document.title = 'Entrar · OdontoCare';
  const usuario = h('input', { name: 'username', autocomplete: 'username', required: true, value: lost?.username });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit' }, 'Entrar');
  const form = h(
    'form',
    { class: 'login', 'aria-labelledby': 'titulo-login' },
    h('h1', { id: 'titulo-login' }, 'OdontoCare'),
    h('p', {}, 'Citas de las clínicas dentales. Inicie sesión para continuar.'),
    reason ? h('p', { class: 'aviso', role: 'status' }, reason) : null,
    field('Usuario', usuario),
    field('Contraseña', password),
    error,
    submit,
  );
  // An empty field is sent as it is: the web's 422 says so under it, in the page's words (FormMessages).
  const messages = new FormMessages(null, error, form);
  sendOnSubmit(form, {
    submit,
    messages,
    send: async () => {
      const session = await api<Session>('POST', '/sesion', { username: usuario.value.trim(), password: password.value });
      password.value = '';
      if (!lost?.resume(session)) startShell(session);
    },
    refused: (err) => {
      messages.refused(err); // no Reintentar: there is no notice above the login form to offer it
      // A refusal of the pair (401) or a failure marks no field: the password is what to type again.
      if (!(err instanceof ApiError && err.errors.length > 0)) password.focus();
    },
  });
  const page = h('main', { class: 'pagina-login' }, form);
  if (lost) root.append(page);
  else replace(root, page);
  (lost ? password : usuario).focus();
  return page;
}

function startShell(session: Session): void {
  // Anchored now, as the session's answer has just arrived; anchored again when the person logs in again (lostMidUse).
  let clock = serverClock(session.ahora);
  const now = () => clock();
  const today = clinicToday(now, session.zona_horaria);
  const nextDay = clinicNextDay(now, session.zona_horaria);
  const routes = routesFor(session);
  const directory = new Directory();
  const main = h('main', { id: 'contenido', tabindex: '-1' });
  const status = h('div', { class: 'mensajes', role: 'status', 'aria-live': 'polite' });
  const alert = h('div', { class: 'mensajes', role: 'alert' });
  const nav = h('nav', { 'aria-label': 'Secciones' });
  const avisos = h('div', { class: 'avisos' }, status, alert);
  /** Set by app.go: the next render keeps the status and alert lines (the person did not navigate). */
  let keepMessages = false;
  let handedState: unknown;
  let current: Route | undefined;
  /** Renders started (show): only the latest one draws on the page. */
  let renders = 0;

  const app: App = {
    session,
    now,
    today,
    nextDay,
    directory,
    main,
    isStaff: session.user.rol === 'admin' || session.user.rol === 'secretaria',
    notify(message) {
      replace(status, h('p', { class: 'ok' }, message));
    },
    fail(err, retry) {
      if (err instanceof ApiError && err.sessionLost) return; // whenSessionLost takes over
      const detail = err instanceof ApiError ? err.detail : 'Algo falló en la página. Recárguela e inténtelo de nuevo.';
      const unavailable = err instanceof ApiError && err.unavailable;
      replace(
        alert,
        h(
          'div',
          { class: unavailable ? 'error caido' : 'error' },
          h(
            'p',
            {},
            unavailable ? `Servicio no disponible. ${detail}` : detail,
            unavailable && err.retryAfter ? ` Puede reintentarlo dentro de ${err.retryAfter} s.` : '',
          ),
          unavailable && retry
            ? button('Reintentar', () => {
                app.clearMessages();
                retry();
              })
            : null,
        ),
      );
    },
    clearMessages() {
      status.replaceChildren();
      alert.replaceChildren();
    },
    go(route, state) {
      handedState = state;
      // The page moves on by itself (after a booking, say): what it just said must stay on screen.
      keepMessages = true;
      if (location.hash.split('?')[0] === `#/${route}`) void show();
      else location.hash = `#/${route}`;
    },
    takeState<T>() {
      const s = handedState as T | undefined;
      handedState = undefined;
      return s;
    },
  };

  async function show(): Promise<void> {
    const wanted = location.hash.replace(/^#\/?/, '').split('?')[0];
    const route = routes.find((r) => r.path === wanted) ?? routes[0];
    if (route.path !== wanted) {
      history.replaceState(null, '', `#/${route.path}`);
    }
    const changed = current !== route;
    current = route;
    for (const a of nav.querySelectorAll('a')) {
      if (a.getAttribute('href') === `#/${route.path}`) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    document.title = `${route.label} · OdontoCare`;
    if (keepMessages) keepMessages = false;
    else app.clearMessages();
    main.replaceChildren();
    const mine = ++renders;
    const isCurrent = () => mine === renders;
    // A view still waiting for its data when the person moves on must not draw over the page she went to:
    // from then on its `main` is an element on no page, and what it draws (and its timers) goes nowhere.
    const view: App = Object.create(app, { main: { get: () => (isCurrent() ? main : document.createElement('main')) } });
    try {
      await route.render(view);
    } catch (err) {
      if (isCurrent()) app.fail(err, () => void show());
    }
    // A new page starts the keyboard at its top, unless the view has put the focus on what it opened with (the agenda
    // on the cita just booked, Mis citas on its card).
    if (changed && isCurrent() && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  }

  const salir = button('Salir', async () => {
    // She is leaving: a call of this page still under way that meets the ended session fails, asking nobody back.
    whenSessionLost(async () => false);
    await api('DELETE', '/sesion').catch(() => undefined);
    window.removeEventListener('hashchange', onHash);
    history.replaceState(null, '', '/');
    loginView('Ha cerrado la sesión.');
  });
  const onHash = () => void show();

  replace(
    nav,
    h('ul', {}, routes.map((r) => h('li', {}, h('a', { href: `#/${r.path}` }, r.label)))),
  );
  replace(
    root,
    h('a', { class: 'saltar', href: '#contenido' }, 'Ir al contenido'),
    h(
      'header',
      { class: 'cabecera' },
      h('p', { class: 'marca' }, 'OdontoCare'),
      h('p', { class: 'quien' }, `${session.nombre ?? session.user.username} · ${ROL_LABEL[session.user.rol] ?? session.user.rol}`),
      salir,
    ),
    nav,
    // One box for both lines: it stays at the top of the screen (styles.css, .avisos), so what a press far down a list
    // (under the agenda's grid, at a long form's Guardar) answers is seen where she is, not at the top of a page she
    // has scrolled away from.
    avisos,
    main,
  );
  // Its height, for what else sticks to the top of the screen (the cita's panel, a week's doctor's name) to stick below it.
  new ResizeObserver(() => document.documentElement.style.setProperty('--alto-avisos', `${avisos.offsetHeight}px`)).observe(avisos);
  /** While the login form asks the person back: whether she (true) or someone else (false) logged in. */
  let back: Promise<boolean> | undefined;
  /**
   * The session is gone (expired, or closed from another tab) while the
   * page was in use: the login form is shown over this page, which is only
   * hidden, so what she had typed or opened stays as it was, its timers
   * go on, and every call that met the 401 waits (api.ts). If she logs in
   * again, the page comes back where she left it and those calls are sent
   * again (her Reservar is made); if someone else does, the page goes and
   * theirs starts. Every call of the moment waits for the one form.
   */
  function lostMidUse(): Promise<boolean> {
    back ??= new Promise<boolean>((resolve) => {
      window.removeEventListener('hashchange', onHash);
      const shell = [...root.children] as HTMLElement[];
      const focused = document.activeElement;
      const title = document.title;
      for (const el of shell) el.hidden = true;
      const login = loginView('Su sesión ha caducado o se ha cerrado. Inicie sesión de nuevo para seguir donde lo dejó.', {
        username: session.user.username,
        resume(again) {
          back = undefined;
          if (again.user.id_user !== session.user.id_user) {
            history.replaceState(null, '', '/');
            resolve(false);
            return false;
          }
          login.remove();
          Object.assign(session, again);
          clock = serverClock(again.ahora);
          for (const el of shell) el.hidden = false;
          document.title = title;
          window.addEventListener('hashchange', onHash);
          app.notify('Ha vuelto a iniciar sesión: la página sigue como la dejó.');
          if (focused instanceof HTMLElement && focused !== document.body && focused.isConnected) focused.focus();
          else main.focus();
          resolve(true);
          return true;
        },
      });
    });
    return back;
  }
  whenSessionLost(lostMidUse);
  window.addEventListener('hashchange', onHash);
  void show();
}

async function boot(): Promise<void> {
  try {
    startShell(await api<Session>('GET', '/sesion'));
  } catch (err) {
    if (err instanceof ApiError && err.code === 'TOKEN_EXPIRADO') loginView('Su sesión ha caducado. Inicie sesión de nuevo.');
    else loginView();
  }
}

void boot();
