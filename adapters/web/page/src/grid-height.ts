/**
 * The agenda's grid boxes (.rejilla-scroll) no taller than the screen below
 * what stands above them (the controls, the day's summary, a message): a
 * day runs to 20:00, far below the fold of a 768 px laptop, and a box as
 * tall as the day put its sideways scrollbar there, the fifth doctor a
 * whole day's scroll away. Held this short, the box scrolls both ways
 * where she is, its headings and hours pinned in it (styles.css).
 *
 * Sets --alto-rejilla on `zona` (styles.css uses it on a laptop and on a
 * tablet, upright too, not on a phone) and sets it again when the screen or what is above the grid changes
 * size, until `zona` leaves the page.
 */
const BOTTOM_GAP_PX = 8;
/** Never shorter than this, in px: a few hours of the day, on a short window or below a tall message. */
const SHORTEST_PX = 320;

export function fitGridsToScreen(zona: HTMLElement): void {
  const fit = () => {
    if (!zona.isConnected) return stop();
    const top = zona.getBoundingClientRect().top + scrollY;
    zona.style.setProperty('--alto-rejilla', `${Math.max(innerHeight - top - BOTTOM_GAP_PX, SHORTEST_PX)}px`);
  };
  // The body changes size when a message shows above the page or the controls wrap onto another row.
  const observer = new ResizeObserver(fit);
  const stop = () => {
    observer.disconnect();
    removeEventListener('resize', fit);
  };
  observer.observe(document.body);
  addEventListener('resize', fit);
  fit();
}
