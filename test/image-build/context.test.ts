import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {list as listTar} from 'tar';
import {contextFiles} from '../../source/context/context-files.js';
import {gitSource, packContext} from '../../source/image-build/context.js';

function tree(files: string[], dockerignore?: string): string {
	const root = mkdtempSync(path.join(tmpdir(), 'context-'));
	for (const file of files) {
		mkdirSync(path.dirname(path.join(root, file)), {recursive: true});
		writeFileSync(path.join(root, file), file);
	}

	if (dockerignore !== undefined) {
		writeFileSync(path.join(root, '.dockerignore'), dockerignore);
	}

	return root;
}

const paths = (root: string, skip: string[] = []) => contextFiles(root, skip).map(file => file.path).sort();

test('.dockerignore: the examples of Docker\'s documentation', () => {
	// docs.docker.com, "Dockerfile reference: .dockerignore file".
	const root = tree(['somedir/temporary.txt', 'somedir/temp/x', 'somedir/subdir/temporary.txt', 'tempa', 'tempb', 'tempab', 'temporary.txt', 'keep.txt'], '# comment\n*/temp*\n*/*/temp*\ntemp?\n');
	assert.deepEqual(paths(root), ['.dockerignore', 'keep.txt', 'tempab', 'temporary.txt']);
});

test('.dockerignore: negations, in order, and the last match wins', () => {
	const markdown = ['README.md', 'README-secret.md', 'CHANGES.md', 'docs/guide.md'];
	assert.deepEqual(paths(tree(markdown, '*.md\n!README.md\n')), ['.dockerignore', 'README.md', 'docs/guide.md']);
	assert.deepEqual(paths(tree(markdown, '*.md\nREADME-secret.md\n!README*.md\n')), ['.dockerignore', 'README-secret.md', 'README.md', 'docs/guide.md']);
	assert.deepEqual(paths(tree(markdown, '*.md\n!README*.md\nREADME-secret.md\n')), ['.dockerignore', 'README.md', 'docs/guide.md']);
});

test('.dockerignore: directory patterns, ** and re-including a file under an excluded folder', () => {
	const root = tree(['data/big.bin', 'data/keep.txt', 'data/sub/x', 'src/a.py', 'src/__pycache__/a.pyc', 'src/deep/__pycache__/b.pyc', '.git/HEAD'], 'data/\n!data/keep.txt\n**/__pycache__\n.git\n');
	assert.deepEqual(paths(root), ['.dockerignore', 'data/keep.txt', 'src/a.py']);
});

test('our own output folder is never part of the context', () => {
	const root = tree(['Dockerfile', '.rescale-apptainer/x/plan.json']);
	assert.deepEqual(paths(root), ['.rescale-apptainer/x/plan.json', 'Dockerfile']);
	assert.deepEqual(paths(root, [path.join(root, '.rescale-apptainer')]), ['Dockerfile']);
});

test('the packed archive holds exactly the context files', async () => {
	const root = tree(['Dockerfile', 'src/a.py', 'data/big.bin'], 'data\n');
	const archive = path.join(mkdtempSync(path.join(tmpdir(), 'archive-')), 'context.tar.gz');
	await packContext(root, contextFiles(root), archive);
	const entries: string[] = [];
	await listTar({file: archive, onReadEntry: entry => entries.push(entry.path)});
	assert.deepEqual(entries.sort(), ['.dockerignore', 'Dockerfile', 'src/a.py']);
});

test('git mode: only a clean checkout whose commit is on an https remote', async () => {
	const notGit = tree(['Dockerfile']);
	assert.deepEqual(await gitSource(notGit), {reason: 'the folder is not a git checkout'});
	const root = tree(['Dockerfile', 'app.py']);
	const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {encoding: 'utf8'}).trim();
	git('init', '--quiet');
	git('add', '.');
	git('commit', '--quiet', '-m', 'init');
	assert.match(((await gitSource(root)) as {reason: string}).reason, /not on any remote branch/);
	git('remote', 'add', 'origin', 'git@example.com:lab/app.git');
	git('update-ref', 'refs/remotes/origin/main', 'HEAD');
	assert.match(((await gitSource(root)) as {reason: string}).reason, /not an https:\/\/ URL/);
	git('remote', 'set-url', 'origin', 'https://example.com/lab/app.git');
	const source = await gitSource(root);
	assert.deepEqual(source, {url: 'https://example.com/lab/app.git', commit: git('rev-parse', 'HEAD'), subdirectory: ''});
	writeFileSync(path.join(root, 'app.py'), 'changed');
	assert.match(((await gitSource(root)) as {reason: string}).reason, /1 uncommitted change/);
});
