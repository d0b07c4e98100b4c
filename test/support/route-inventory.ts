/**
 * The routes each service REALLY mounts, read from the express app its own
 * composition root builds (the same `buildContainer(config).get(T.app)` that
 * `startAdmin` / `startCitas` listen with), not from a list someone keeps by
 * hand. The authorization matrix fails when one of these has no row, so a
 * new route cannot ship without someone deciding who may call it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { loadAdminConfig } from '../../apps/admin/config';
import { buildContainer as buildAdmin, T as AdminT } from '../../apps/admin/container';
import { loadCitasConfig } from '../../apps/citas/config';
import { buildContainer as buildCitas, T as CitasT } from '../../apps/citas/container';

/** "GET /admin/pacientes/:id" */
export type RouteKey = string;

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method + path routed by the app, including nested routers (express 5 layout). */
export function mountedRoutes(app: Express): RouteKey[] {
  const out: RouteKey[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m] && m !== '_all')) {
          for (const path of paths) out.push(`${method.toUpperCase()} ${path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

/** The admin service's mounted routes, from its own container on a throwaway DATA_DIR. */
export function adminRouteInventory(): RouteKey[] {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-inventory-admin-'));
  const container = buildAdmin(loadAdminConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
  try {
    return mountedRoutes(container.get(AdminT.app));
  } finally {
    container.get(AdminT.storage).close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The citas service's mounted routes, from its own container (admin is never contacted). */
export function citasRouteInventory(): RouteKey[] {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-inventory-citas-'));
  const container = buildCitas(loadCitasConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', CITAS_WORKERS: 'false', ADMIN_URL: 'http://127.0.0.1:9' }));
  try {
    return mountedRoutes(container.get(CitasT.app));
  } finally {
    container.get(CitasT.admin).close();
    container.get(CitasT.storage).close();
    rmSync(dir, { recursive: true, force: true });
  }
}
