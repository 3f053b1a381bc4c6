import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {list as listTar} from 'tar';
import {contextFiles} from '../../source/context/context-files.js';
import type {UserError} from '../../source/errors.js';
import {contextGuard, gitSource, packContext} from '../../source/image-build/context.js';
import {buildScript} from '../../source/image-build/script.js';

const key = 'rescale-key-0123456789abcdef0123456789abcdef';

async function withConfigDir<T>(directory: string, work: () => Promise<T>): Promise<T> {
	const before = process.env.RESCALE_APPTAINER_CONFIG_DIR;
	process.env.RESCALE_APPTAINER_CONFIG_DIR = directory;
	try {
		return await work();
	} finally {
		if (before === undefined) {
			delete process.env.RESCALE_APPTAINER_CONFIG_DIR;
		} else {
			process.env.RESCALE_APPTAINER_CONFIG_DIR = before;
		}
	}
}

test('a build from $HOME never packs the tool\'s settings (key included); a file holding the key stops the upload', async () => {
	const home = mkdtempSync(path.join(tmpdir(), 'home-'));
	const configDir = path.join(home, '.config', 'rescale-apptainer');
	mkdirSync(configDir, {recursive: true});
	writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({platform: 'https://platform.rescale.com', apiKey: key}));
	writeFileSync(path.join(home, 'train.py'), 'print(1)\n');
	const archive = path.join(mkdtempSync(path.join(tmpdir(), 'out-')), 'context.tar.gz');
	await withConfigDir(configDir, async () => packContext(home, contextFiles(home), archive, contextGuard()));
	const packed: string[] = [];
	await listTar({file: archive, onReadEntry: entry => packed.push(entry.path)});
	assert.deepEqual(packed, ['train.py']);

	// The key split across two read chunks is still found.
	writeFileSync(path.join(home, 'notes.txt'), `${'x'.repeat(65_536 - 10)}${key}\n`);
	await withConfigDir(configDir, async () => {
		await assert.rejects(packContext(home, contextFiles(home), archive, contextGuard()), (error: UserError) => /notes\.txt contains your Rescale API key/.test(error.message) && !error.message.includes(key));
	});
});

test('hostile values never run on the build node: the script is run with stub git and apptainer', () => {
	const work = mkdtempSync(path.join(tmpdir(), 'work-'));
	const bin = mkdtempSync(path.join(tmpdir(), 'bin-'));
	writeFileSync(path.join(bin, 'git'), '#!/bin/sh\nexit 0\n');
	writeFileSync(path.join(bin, 'apptainer'), '#!/bin/sh\nfor a; do case "$a" in *.sif) echo image > "$a";; esac; done\n');
	chmodSync(path.join(bin, 'git'), 0o755);
	chmodSync(path.join(bin, 'apptainer'), 0o755);
	writeFileSync(path.join(work, 'x.def'), 'Bootstrap: docker\nFrom: alpine\n');
	const name = 'demo$(touch pwned-name)`touch pwned-tick`';
	const script = buildScript({name, defFile: 'x.def', context: {mode: 'git', url: 'https://example.com/r.git$(touch pwned-url)"`touch pwned-url2`', commit: 'abc$(touch pwned-commit)', subdirectory: ''}});
	writeFileSync(path.join(work, 'build_script.sh'), script);
	const result = spawnSync('sh', ['build_script.sh'], {cwd: work, encoding: 'utf8', env: {PATH: `${bin}:/usr/bin:/bin`}});
	for (const mark of ['pwned-name', 'pwned-tick', 'pwned-url', 'pwned-url2', 'pwned-commit']) {
		assert.ok(!existsSync(path.join(work, mark)) && !existsSync(path.join(work, 'context', mark)), `${mark} ran: ${result.stdout}${result.stderr}`);
	}

	assert.match(result.stdout, /== fetching https:\/\/example\.com\/r\.git\$\(touch pwned-url\)/, 'printed as it is, not run');
});

test('a git remote with credentials in its URL is not used, and the token is never shown', async () => {
	const repo = mkdtempSync(path.join(tmpdir(), 'repo-'));
	const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=a@b', '-c', 'user.name=a', ...args], {encoding: 'utf8'});
	git('init', '--quiet');
	writeFileSync(path.join(repo, 'Dockerfile'), 'FROM alpine\n');
	git('add', '.');
	git('commit', '--quiet', '-m', 'one');
	git('remote', 'add', 'origin', 'https://oauth2:glpat-SECRET123@gitlab.example.com/team/repo.git');
	git('update-ref', 'refs/remotes/origin/main', 'HEAD');
	const source = await gitSource(repo);
	assert.ok('reason' in source, JSON.stringify(source));
	assert.match(source.reason, /carries credentials/);
	assert.ok(!source.reason.includes('SECRET123'));
});
