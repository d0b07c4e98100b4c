/**
 * Reads a service's GET /metrics (Prometheus text format). undefined when the
 * service has no /metrics (an older build): callers fall back to other counts.
 */
export async function scrape(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    return await res.text();
  } catch {
    return undefined;
  }
}

/** Sum of every sample of `name` whose labels match `keep` (the label text inside the braces). */
export function sumSamples(text: string, name: string, keep: (labels: string) => boolean = () => true): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const close = line.indexOf('}');
    const labels = close > 0 ? line.slice(name.length + 1, close) : '';
    if (!keep(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Requests a service has answered, by its own count, leaving out the scrapes of /metrics itself. */
export async function requestCount(url: string): Promise<number | undefined> {
  const text = await scrape(url);
  if (text === undefined) return undefined;
  return sumSamples(text, 'http_requests_total', (labels) => !labels.includes('route="/metrics"'));
}

/** POST /citas answered by a citas service, by its own count (every status). */
export async function bookingRequests(url: string): Promise<number | undefined> {
  const text = await scrape(url);
  if (text === undefined) return undefined;
  return sumSamples(text, 'http_requests_total', (labels) => labels.includes('method="POST"') && labels.includes('route="/citas"'));
}
