/**
 * What a patient search sends admin for the text a receptionist typed: a
 * phone or part of one (3 digits or more, with any separators: "600 12 34
 * 56" as a caller says it) by admin's `telefono` filter, which matches the
 * phone's digits; anything else as part of the name (`q`). The one reading
 * of that text, for every patient search of the page (booking's Paciente,
 * Pacientes).
 */
export function patientQuery(text: string): { telefono: string } | { q: string } {
  const digits = text.replace(/\D/g, '');
  const byPhone = /^[\d\s().+-]+$/.test(text) && digits.length >= 3;
  return byPhone ? { telefono: digits } : { q: text };
}

/**
 * What a search that found nobody tells someone who cannot give a patient
 * her alta (admin alone creates patients: POST /admin/pacientes), in the
 * booking form's Paciente and in Pacientes: where a walk-in patient's alta
 * comes from (or a returning one's, de baja and
 * so not found), instead of a dead end.
 */
export const ALTA_BY_ADMIN = 'Dar de alta a un paciente lo hace la administración; una vez dado de alta, búsquelo aquí.';
