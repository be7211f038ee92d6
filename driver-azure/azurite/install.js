// Installs the Azurite pinned by package-lock.json next to this script into a cache directory
// keyed by the lock file's hash (default ~/.cache/stowage/azurite/<hash>, or $STOWAGE_AZURITE_CACHE/<hash>),
// unless it is there already, and writes the path of the azurite-blob launcher to the file named
// by the first argument. Run by the Maven build (exec-maven-plugin) before the tests.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const out = process.argv[2];
if (!out) {
  console.error('usage: node install.js <file to write the azurite-blob path to>');
  process.exit(2);
}
const here = __dirname;
const lock = fs.readFileSync(path.join(here, 'package-lock.json'));
const pkg = fs.readFileSync(path.join(here, 'package.json'));
const hash = crypto.createHash('sha256').update(pkg).update(lock).digest('hex').slice(0, 16);
const cacheRoot = process.env.STOWAGE_AZURITE_CACHE || path.join(os.homedir(), '.cache', 'stowage', 'azurite');
const home = path.join(cacheRoot, hash);
const launcher = path.join(home, 'node_modules', '.bin', 'azurite-blob');

if (!fs.existsSync(launcher)) {
  fs.mkdirSync(cacheRoot, { recursive: true });
  // install into a private folder, then rename: concurrent builds never see a half-installed tree
  const staging = fs.mkdtempSync(path.join(cacheRoot, hash + '.tmp-'));
  try {
    fs.copyFileSync(path.join(here, 'package.json'), path.join(staging, 'package.json'));
    fs.copyFileSync(path.join(here, 'package-lock.json'), path.join(staging, 'package-lock.json'));
    console.log('[azurite] npm ci into ' + staging);
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', staging],
      { stdio: 'inherit', shell: process.platform === 'win32' });
    try {
      fs.renameSync(staging, home);
    } catch (e) {
      if (!fs.existsSync(launcher)) throw e; // someone else finished first: use theirs
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
fs.writeFileSync(out, launcher + '\n');
console.log('[azurite] ' + launcher);
