// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled.

function field(value: string | number | boolean | null | undefined): string {
  // a number or boolean prints without commas, quotes or line breaks: no pattern test (a sweep writes 60,000 fields)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Array<Array<string | number | boolean | null | undefined>>): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}
