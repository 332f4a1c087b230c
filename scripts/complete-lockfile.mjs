// Completes package-lock.json with the platform-specific optional packages npm could not record.
//
// Why: the registry this project is built against serves native packages only for the platform
// that asks, so npm writes a lock without the other platforms' variants of a package such as
// rollup (a dependency of tsup), and `npm ci` then refuses that lock as "not in sync" (npm/cli
// #4828). This script adds each missing optional dependency with the version its parent asks
// for and the os/cpu/libc read from its name, so `npm ci` accepts the lock and skips the
// packages on platforms they are not for. Run it after every `npm install`:
//   node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const platform =
  /-(android|darwin|freebsd|linux|openbsd|openharmony|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x)(?:-(gnu|musl|gnueabihf|musleabihf|eabi|msvc))?$/;

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[`${location}/${key}`]) continue;
    const match = platform.exec(name);
    if (!match || !/^\d+\.\d+\.\d+/.test(version)) {
      throw new Error(`cannot complete ${name}@${version}: no platform in its name or no exact version`);
    }
    const [, os, cpu, abi] = match;
    const missing = { version, cpu: [cpu], os: [os], optional: true };
    if (entry.dev) missing.dev = true;
    if (abi?.startsWith('gnu')) missing.libc = ['glibc'];
    if (abi?.startsWith('musl')) missing.libc = ['musl'];
    lock.packages[key] = missing;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform package(s)`);
