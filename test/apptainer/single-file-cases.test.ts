// Issue 11, item 7: the cases found once each in real Dockerfiles. Each converts a Dockerfile,
// applies the def as Apptainer builds it (test/helpers/apply-def.ts) and compares the result
// with what `docker build` gives.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {once} from 'node:events';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {contextView} from '../../source/context/context-files.js';
import {deriveDefinition} from '../../source/definition/derive-definition.js';
import {withBuild} from '../helpers/build-dockerfile.js';
import {convert} from '../helpers/convert.js';

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');

/** An HTTP server in its own process: the def build blocks this one while %setup downloads. */
async function fileServer(body: string): Promise<{url: string; stop: () => void}> {
	const server = spawn(process.execPath, ['-e', `require('node:http').createServer((request, response) => response.end(${JSON.stringify(body)})).listen(0, '127.0.0.1', function () { console.log(this.address().port); })`], {stdio: ['ignore', 'pipe', 'inherit']});
	const [chunk] = await once(server.stdout, 'data') as [Buffer];
	return {url: `http://127.0.0.1:${chunk.toString().trim()}`, stop: () => server.kill()};
}

/** Download tools an image does not have: they fail as "not found" would. */
const missing = (name: string) => `echo "${name}: not found" >&2; exit 127`;
const slimImage = {'debian:bookworm-slim': {programs: {'/usr/bin/curl': missing('curl'), '/usr/bin/wget': missing('wget')}}};

describe('the cases seen once in real Dockerfiles (issue 11, item 7)', () => {
	test('ADD <url> before the RUN that installs curl: the build node downloads it, the step after sees it', async () => {
		const server = await fileServer('payload\n');
		try {
			withBuild(['FROM debian:bookworm-slim', `ADD ${server.url}/tool.txt /opt/`, 'RUN cp /opt/tool.txt /opt/seen', 'RUN echo installs curl'], {images: slimImage}, built => {
				assert.equal(read(built.root, 'opt/tool.txt'), 'payload\n');
				assert.equal(read(built.root, 'opt/seen'), 'payload\n');
				assert.deepEqual(built.tree('/.rescale-apptainer'), [], 'the staging folder is removed');
			});
		} finally {
			server.stop();
		}
	});

	test('ADD <url> to a file path names the file as written', async () => {
		const server = await fileServer('x\n');
		try {
			withBuild(['FROM debian:bookworm-slim', 'RUN mkdir /opt/app', `ADD ${server.url}/get?v=1 /opt/app/tool.sh`], {images: slimImage}, built => {
				assert.deepEqual(built.tree('/opt/app'), ['tool.sh']);
			});
		} finally {
			server.stop();
		}
	});

	test('COPY main.py .env* ./ copies main.py when no .env file exists, and the .env files when they do', () => {
		withBuild(['FROM alpine', 'WORKDIR /app', 'COPY main.py .env* ./'], {context: {'main.py': 'print(1)\n'}}, built => {
			assert.deepEqual(built.tree('/app'), ['main.py']);
		});
		withBuild(['FROM alpine', 'WORKDIR /app', 'COPY main.py .env* ./'], {context: {'main.py': 'print(1)\n', '.env': 'A=1\n', '.env.local': 'B=2\n', 'other.env': 'no\n'}}, built => {
			assert.deepEqual(built.tree('/app'), ['.env', '.env.local', 'main.py']);
		});
	});

	test('a wildcard matches folders of the context as Docker does: their contents land in the destination', () => {
		withBuild(['FROM alpine', 'COPY conf* /etc/app/'], {context: {'conf/a.yml': 'a\n', 'config.yml': 'c\n'}}, built => {
			assert.deepEqual(built.tree('/etc/app'), ['a.yml', 'config.yml']);
		});
	});

	test('COPY file/ dest where the source is a file copies the file', () => {
		withBuild(['FROM alpine', 'COPY config.json/ /etc/app/config.json'], {context: {'config.json': '{}\n'}}, built => {
			assert.equal(read(built.root, 'etc/app/config.json'), '{}\n');
		});
	});

	test('ARG A B declares two ARGs, both empty without --build-arg', () => {
		withBuild(['FROM alpine', 'ARG A B', 'ARG C=1 D', 'RUN echo "[$A][$B][$C][$D]" > /out'], {}, built => {
			assert.equal(read(built.root, 'out'), '[][][1][]\n');
		});
	});

	test('ENV a=1 b=$a: b is the value of a before this ENV, in the build and at run time', () => {
		withBuild(['FROM alpine', 'ENV a=1', 'ENV a=2 b=$a', 'RUN echo "$a $b" > /out', 'CMD ["sh", "-c", "echo $a $b"]'], {}, built => {
			assert.equal(read(built.root, 'out'), '2 1\n');
			assert.equal(built.run([], '/job').stdout, '2 1\n');
		});
	});

	test('an unnamed stage whose generated name a user\'s stage already has keeps its own files', () => {
		withBuild(['FROM alpine AS stage1', 'RUN echo one > /one', 'FROM alpine', 'RUN echo two > /two', 'FROM alpine', 'COPY --from=stage1 /one /got-one', 'COPY --from=1 /two /got-two'], {}, built => {
			assert.equal(read(built.root, 'got-one'), 'one\n');
			assert.equal(read(built.root, 'got-two'), 'two\n');
		});
	});

	test('a stage added for --from=IMAGE never takes a name of the Dockerfile\'s stages', () => {
		const images = {busybox: {files: {'etc/x': 'from the image\n'}}};
		withBuild(['FROM alpine AS ext-busybox', 'RUN mkdir -p /etc && echo mine > /etc/x', 'FROM alpine', 'COPY --from=busybox /etc/x /image-x', 'COPY --from=ext-busybox /etc/x /stage-x'], {images}, built => {
			assert.equal(read(built.root, 'image-x'), 'from the image\n');
			assert.equal(read(built.root, 'stage-x'), 'mine\n');
			assert.equal(new Set([...built.def.matchAll(/^Stage: (.+)$/gm)].map(match => match[1])).size, 3);
		});
	});

	test('USER app + pip install --user: the packages are where Python looks at run time, readable by any user', () => {
		const pip = 'mkdir -p "${PYTHONUSERBASE:-$HOME/.local}/lib/site-packages/requests"';
		const python = 'if [ -d "${PYTHONUSERBASE:-$HOME/.local}/lib/site-packages/requests" ]; then echo found; else echo missing; fi';
		const images = {'python:3.12-slim': {programs: {'/usr/local/bin/pip': pip, '/usr/local/bin/python': python}}};
		withBuild(['FROM python:3.12-slim', 'RUN mkdir -p /home/app && chmod 700 /home/app', 'USER app', 'RUN pip install --user requests', 'CMD ["python"]'], {images}, built => {
			assert.deepEqual(built.tree('/home/app'), ['.local/', '.local/lib/', '.local/lib/site-packages/', '.local/lib/site-packages/requests/']);
			assert.equal(built.run([], '/job').stdout, 'found\n');
			assert.equal(statSync(path.join(built.root, 'home/app')).mode & 0o001, 0o001, 'other users may enter the home');
			assert.equal(statSync(path.join(built.root, 'home/app/.local/lib/site-packages/requests')).mode & 0o005, 0o005);
		});
	});

	test('a Windows Dockerfile is an error that stops the conversion, by its base image or its SHELL', () => {
		const context = mkdtempSync(path.join(tmpdir(), 'windows-'));
		try {
			for (const [lines, line] of [
				[['FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN echo hi'], 1],
				[['FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022', 'RUN dir'], 1],
				[['# escape=`', 'FROM python:3.11', 'SHELL ["powershell", "-Command"]', 'RUN Write-Host hi'], 3],
			] as const) {
				const definition = deriveDefinition({text: lines.join('\n'), context: contextView(context)});
				assert.deepEqual(definition.blocking.map(finding => [finding.rule, finding.line]), [['windows-image', line]], lines.join(' / '));
				assert.match(definition.blocking[0]!.message, /Windows/);
				const {def, notes} = convert([...lines]);
				assert.deepEqual(def.stages, []);
				assert.match(notes[0]!.message, /Linux images only/);
			}

			assert.deepEqual(deriveDefinition({text: 'FROM python:3.11\nSHELL ["/bin/bash", "-c"]\nRUN echo hi', context: contextView(context)}).blocking, []);
		} finally {
			rmSync(context, {recursive: true, force: true});
		}
	});
});
