import { field, h, uid } from './dom.js';
import type { Doctor } from './types.js';

/**
 * A specialty as the API compares them (its `especialidad` filter, Próximos
 * huecos): without case or accents. The page cannot import core's searchKey
 * (tsconfig.page.json's rootDir), so it says the same here.
 */
function specialtyKey(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The network's specialties, each once, as most of its doctors spell it
 * (a stray "ortodoncia" beside five "Ortodoncia" is not offered), in
 * alphabetical order.
 */
export function knownSpecialties(doctores: Doctor[]): string[] {
  const spellings = new Map<string, Map<string, number>>();
  for (const d of doctores) {
    const key = specialtyKey(d.especialidad);
    if (!key) continue;
    const counts = spellings.get(key) ?? new Map<string, number>();
    counts.set(d.especialidad, (counts.get(d.especialidad) ?? 0) + 1);
    spellings.set(key, counts);
  }
  return [...spellings.values()]
    .map((counts) => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'es'))[0][0])
    .sort((a, b) => a.localeCompare(b, 'es'));
}

/**
 * Especialidad, still the contract's text field, with the network's
 * specialties as its suggestions (a datalist): a typo there ("Ortodóncia")
 * would make a specialty of its own, a group of its own in every Doctor list.
 * What differs from a known one only by case or accents is asked about under
 * the field ("¿Ortodoncia?"); a new specialty is typed as any text.
 * `doctores`: one read (the page's Directory), whatever she types; when it
 * fails the field is a plain text field.
 */
export function specialtyField(label: string, input: HTMLInputElement, doctores: Promise<Doctor[]>): HTMLDivElement {
  const list = h('datalist', { id: uid('especialidades') });
  const pregunta = h('small', { id: uid('ayuda'), class: 'ayuda', 'aria-live': 'polite' });
  input.setAttribute('list', list.id);
  input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), pregunta.id].filter(Boolean).join(' '));
  let known: string[] = [];
  const ask = () => {
    const typed = input.value.trim();
    const same = typed && known.find((k) => specialtyKey(k) === specialtyKey(typed));
    pregunta.textContent = same && same !== typed ? `¿${same}? Así figura en los demás doctores.` : '';
  };
  input.addEventListener('input', ask);
  void doctores
    .then((all) => {
      known = knownSpecialties(all);
      list.replaceChildren(...known.map((k) => h('option', { value: k })));
      ask();
    })
    .catch(() => undefined);
  const campo = field(label, input);
  campo.append(list, pregunta);
  return campo;
}
