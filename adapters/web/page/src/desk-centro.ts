/**
 * The center her desk works, while the page is open: the one she last chose
 * under Centro in the Agenda or in Por confirmar. Both pages open on it
 * (the address still wins when it names one: a reload, a saved link), so a
 * center chosen in one is not lost by a trip to the other by the menu.
 *
 * Only what she chose: not the center the Agenda falls back on (the first)
 * nor one a cita opened it on. Todos los centros ('') is a choice of Por
 * confirmar's, kept for it; the Agenda of a desk needs a center and opens on
 * the last one she named.
 */
let lastChoice: string | undefined;
let lastCenter: string | undefined;

/** She chose `centro` under Centro ('' for every center). */
export function chooseDeskCentro(centro: string): void {
  lastChoice = centro;
  if (centro) lastCenter = centro;
}

/** Her last choice under Centro in either page ('' for every center), undefined if she made none. */
export function deskChoice(): string | undefined {
  return lastChoice;
}

/** The last center she named in either page, undefined if she named none. */
export function deskCentro(): string | undefined {
  return lastCenter;
}
