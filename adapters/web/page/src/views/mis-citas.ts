import { all } from '../api.js';
import type { App } from '../app.js';
import { whenReached } from '../clock.js';
import { comingCitas } from '../coming-citas.js';
import { button, h, replace } from '../dom.js';
import type { Cita } from '../types.js';
import { bookAgainButton } from './book-again.js';
import { changesAt, citaPanel } from './cita.js';

/** What each list says when it has no card. */
const SIN_PROXIMAS = 'No tiene citas próximas.';
const SIN_PASADAS = 'Ninguna.';

/** A list of cards, or the words saying there are none. */
function cardList(cards: HTMLElement[], empty: string): HTMLElement {
  return cards.length ? h('div', { class: 'tarjetas' }, cards) : h('p', { class: 'vacio' }, empty);
}

/**
 * A patient's start page: their citas (GET /citas is scoped to them by the
 * API), upcoming first, then past ones, each with its estado and buttons.
 * Upcoming means not started by the page's clock (app.now, the server's
 * time): a cita that starts while the page is open moves to the past ones
 * at its start (changesAt, whenReached), where a fresh draw would put it.
 */
export async function misCitasView(app: App): Promise<void> {
  const handed = app.takeState<{ cita?: Cita }>();
  const proximas = h('section', { 'aria-labelledby': 'titulo-proximas' });
  const pasadas = h('section', { 'aria-labelledby': 'titulo-pasadas' });
  const titulo = h('h1', { tabindex: '-1' }, 'Mis citas');
  /** The focus on the card of cita `id`, once drawn (on the page's heading if it is not there). */
  const focusCita = (id: number | undefined) =>
    ((id !== undefined ? app.main.querySelector<HTMLElement>(`[data-cita="${id}"] h3`) : null) ?? titulo).focus();
  replace(
    app.main,
    titulo,
    app.session.puede_reservar ? h('p', {}, button('Reservar una cita', () => app.go('reservar'), { class: 'principal' })) : null,
    proximas,
    pasadas,
  );

  async function draw(): Promise<void> {
    const citas = await all<Cita>('/citas/citas');
    const now = app.now();
    const upcoming = comingCitas(citas, now);
    const rest = citas.filter((c) => !upcoming.includes(c)).sort((a, b) => Date.parse(b.fecha) - Date.parse(a.fecha));
    /** Each card's start (epoch milliseconds): where a card that moves to the past ones goes among them. */
    const startOf = new Map<Element, number>();
    const cards = (list: Cita[]) =>
      Promise.all(
        list.map(async (c) => {
          const card = await citaPanel(app, c, {
            compact: true,
            more: await bookAgainButton(app, c),
            onChanged: async (next) => {
              // No cita: a change met a taken slot (409). Nothing of hers changed, and redrawing the list would take
              // away the change form with the API's words in it.
              if (!next) return;
              await draw();
              // The card that was acted on was redrawn (the old one, and its button, are gone): the focus goes to
              // that cita as it now is (a cancelled one has moved to the past list), or to the page's heading.
              focusCita(next.id_cita);
            },
          });
          startOf.set(card, Date.parse(c.fecha));
          return card;
        }),
      );
    const [upcomingCards, restCards] = await Promise.all([cards(upcoming), cards(rest)]);
    const tituloProximas = h('h2', { id: 'titulo-proximas', tabindex: '-1' }, 'Próximas');
    replace(proximas, tituloProximas, cardList(upcomingCards, SIN_PROXIMAS));
    replace(pasadas, h('h2', { id: 'titulo-pasadas' }, 'Anteriores y canceladas'), cardList(restCards, SIN_PASADAS));

    /**
     * A card of Próximas whose cita has started goes among the past ones,
     * latest first, as a fresh draw would place it (its own panel redraws
     * its buttons). Had it the focus, the focus stays in Próximas, where
     * the person was: on the next cita, else the one before, else the
     * list's heading once it is empty.
     */
    function toPast(card: HTMLElement): void {
      const hadFocus = card.contains(document.activeElement);
      const from = card.parentElement!;
      const neighbour = card.nextElementSibling ?? card.previousElementSibling;
      card.remove();
      if (!from.children.length) from.replaceWith(cardList([], SIN_PROXIMAS));
      const to = pasadas.querySelector('.tarjetas');
      if (to) to.insertBefore(card, [...to.children].find((other) => startOf.get(other)! < startOf.get(card)!) ?? null);
      else pasadas.querySelector('.vacio')?.replaceWith(cardList([card], SIN_PASADAS));
      if (hadFocus) (neighbour?.querySelector<HTMLElement>('h3') ?? tituloProximas).focus();
    }
    upcoming.forEach((c, i) => {
      const card = upcomingCards[i];
      const start = changesAt(c, now);
      // Wanted while the card is in Próximas: a new draw (after a change) or another page leaves it behind.
      if (start !== undefined) whenReached(app.now, start, () => toPast(card), () => proximas.contains(card));
    });
  }

  try {
    await draw();
    // Come from booking: the focus on the cita she booked, where she reads what she did and can change it.
    if (handed?.cita) focusCita(handed.cita.id_cita);
  } catch (err) {
    app.fail(err, () => void misCitasView(app));
  }
}
