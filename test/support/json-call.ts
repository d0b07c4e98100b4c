/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';

export type Json = Record<string, any>;

export interface Answer {
  status: number;
  headers: Headers;
  /** The JSON body ({} when empty; { text } when it is not JSON). */
  body: Json;
}

/**
 * One request to a service from outside, as a client would send it (JSON
 * body, Bearer token), for the tests that reach services in containers
 * through their published ports. `timeoutMs` is a deadline for a stuck
 * test, not a measurement.
 */
export async function call(base: string, method: string, path: string, body?: unknown, token?: string, timeoutMs = 20_000): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: Json = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** The body of an answer that must have `status` (the failure message shows what came instead). */
export function expectStatus(a: Answer, status: number): Json {
  assert.equal(a.status, status, JSON.stringify(a.body));
  return a.body;
}
