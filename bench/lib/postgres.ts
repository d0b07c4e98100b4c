import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Databases for a bench run on a PostgreSQL server the caller names with a
 * superuser URL: each one a new database owned by a new login role of its
 * own (as deployed: each service its own database and role, neither able to
 * read the other's), all dropped again by `dropAll`.
 */
export interface BenchPostgres {
  /** host:port, to print (the URL carries a password). */
  where: string;
  /** A new empty database and its own role; returns the role's connection string. */
  createDatabase(prefix: string): Promise<string>;
  /** Drops every database and role this run created (connections still open are ended). */
  dropAll(): Promise<void>;
}

export function benchPostgres(superuserUrl: string): BenchPostgres {
  const server = new URL(superuserUrl);
  const created: string[] = [];
  const exec = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: superuserUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    where: `${server.hostname}:${server.port || '5432'}`,
    async createDatabase(prefix) {
      const name = `odontocare_stress_${prefix.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${created.length + 1}`;
      const password = randomBytes(12).toString('hex');
      await exec(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
      created.push(name);
      await exec(`CREATE DATABASE ${name} OWNER ${name}`);
      await exec(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
      const url = new URL(superuserUrl);
      url.username = name;
      url.password = password;
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dropAll() {
      for (const name of created.splice(0).reverse()) {
        await exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await exec(`DROP ROLE IF EXISTS ${name}`);
      }
    },
  };
}
