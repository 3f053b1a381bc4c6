import {spawnSync} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

/**
 * Runs a %runscript body with /bin/sh as `apptainer run IMAGE args...` would, with every program
 * in `programs` replaced by a stub that records its argv; returns the argv that was exec'd.
 */
export function runRunscript(body: string, args: string[], programs: string[]): string[] {
	const directory = mkdtempSync(path.join(tmpdir(), 'runscript-'));
	try {
		const record = path.join(directory, 'argv');
		for (const program of new Set(programs.map(name => path.basename(name)))) {
			const stub = path.join(directory, program);
			writeFileSync(stub, `#!/bin/sh\nprintf '%s\\0' "$(basename "$0")" "$@" > '${record}'\n`);
			chmodSync(stub, 0o755);
		}

		const script = path.join(directory, 'runscript.sh');
		writeFileSync(script, body);
		const result = spawnSync('/bin/sh', [script, ...args], {
			cwd: directory,
			env: {PATH: `${directory}:/usr/bin:/bin`},
			encoding: 'utf8',
		});
		if (result.status !== 0) {
			throw new Error(`runscript failed (${result.status}): ${result.stderr}`);
		}

		return readFileSync(record, 'utf8').split('\0').slice(0, -1);
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}
