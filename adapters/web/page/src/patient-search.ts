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
