// Issue 11, "The linter: no false alarms": each class of wrong or imprecise finding seen on real
// Dockerfiles, with the case that must stay quiet next to the one that must still be reported.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {validateDockerfile} from '../../source/dockerfile/validate.js';

function only(rule: string, lines: string[]) {
	return validateDockerfile(parseDockerfile(lines.join('\n'))).filter(finding => finding.rule === rule);
}

const conda = 'FROM continuumio/miniconda3:24.1.2-0';

describe('conda-activate warns only where the activation is meant to last', () => {
	test('source activate ENV && pip install ... in one RUN works: no warning', () => {
		assert.deepEqual(only('conda-activate', [conda, 'SHELL ["/bin/bash", "-c"]', 'RUN source activate env && pip install numpy']), []);
	});

	test('conda activate after loading conda\'s shell function in the same RUN works: no warning', () => {
		assert.deepEqual(only('conda-activate', [conda, 'RUN . /opt/conda/etc/profile.d/conda.sh && conda activate env && python x.py']), []);
		assert.deepEqual(only('conda-activate', [conda, 'RUN eval "$(conda shell.bash hook)" && conda activate env && python x.py']), []);
	});

	test('text an echo prints is not an activation', () => {
		assert.deepEqual(only('conda-activate', [conda, 'RUN echo "run: conda activate env" && echo "then source activate env"']), []);
	});

	test('an activation that ends a RUN, for the steps after it, is reported', () => {
		const reported = only('conda-activate', [conda, 'RUN conda create -n env python=3.11 && source activate env', 'RUN pip install numpy']);
		assert.deepEqual(reported.map(finding => finding.line), [2]);
		assert.match(reported[0]!.message, /does not carry over/);
		assert.match(reported[0]!.fix ?? '', /conda run -n env/);
	});

	test('an activation written to .bashrc, for run time, is reported', () => {
		const reported = only('conda-activate', [conda, 'RUN echo "conda activate env" >> ~/.bashrc']);
		assert.deepEqual(reported.map(finding => finding.line), [2]);
		assert.match(reported[0]!.message, /does not read \.bashrc/);
	});

	test('conda activate with no shell function in a plain RUN is still reported', () => {
		assert.deepEqual(only('conda-activate', [conda, 'RUN conda activate env && python x.py']).map(finding => finding.line), [2]);
	});
});

describe('secret-in-image does not take hex digests for secrets', () => {
	for (const line of [
		'ARG APEX_TAG=0123456789abcdef0123456789abcdef01234567',
		'ENV X_SHA256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
		'ARG COMMIT=0123456789abcdef0123456789abcdef01234567',
		'ENV WHEEL_MD5=0123456789abcdef0123456789abcdef',
	]) {
		test(`${line} is not a secret`, () => {
			assert.deepEqual(only('secret-in-image', ['FROM python:3.11', line]), []);
		});
	}

	test('a hex value under a credential name, and a token-shaped value, are still reported', () => {
		assert.equal(only('secret-in-image', ['FROM python:3.11', 'ENV API_KEY=0123456789abcdef0123456789abcdef']).length, 1);
		assert.equal(only('secret-in-image', ['FROM python:3.11', 'ENV X=0123456789abcdef0123456789abcdef0123456789abcdef']).length, 1);
		assert.equal(only('secret-in-image', ['FROM python:3.11', 'ENV X_SHA=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345']).length, 1);
	});
});

describe('bind-shadowed-path says precisely what Apptainer binds', () => {
	test('/tmp and /var/tmp are hidden by the host\'s', () => {
		const [finding] = only('bind-shadowed-path', ['FROM ubuntu:22.04', 'COPY data /tmp/data']);
		assert.match(finding!.message, /binds the host's \/tmp over the image's/);
		assert.equal(only('bind-shadowed-path', ['FROM ubuntu:22.04', 'WORKDIR /var/tmp/x']).length, 1);
	});

	test('/home/app is hidden only for a user whose home it is; the message never says the host\'s /home', () => {
		const [finding] = only('bind-shadowed-path', ['FROM ubuntu:22.04', 'COPY app /home/app/']);
		assert.match(finding!.message, /visible at run time unless \/home\/app is the home of the user who runs the job/);
		assert.doesNotMatch(finding!.message, /host's \/home/);
	});

	test('/tmpfiles and /homework are not bound', () => {
		assert.deepEqual(only('bind-shadowed-path', ['FROM ubuntu:22.04', 'COPY a /tmpfiles/', 'COPY b /homework/']), []);
	});
});

describe('sudo', () => {
	test('is not reported when the Dockerfile installs sudo', () => {
		assert.deepEqual(only('sudo', ['FROM ubuntu:22.04', 'RUN apt-get update && apt-get install -y sudo', 'USER app', 'RUN sudo apt-get install -y vim']), []);
		assert.deepEqual(only('sudo', ['FROM alpine:3.19', 'RUN apk add --no-cache sudo bash', 'RUN sudo true']), []);
	});

	test('is still reported when nothing installs it, or a package whose name only contains sudo is installed', () => {
		assert.equal(only('sudo', ['FROM ubuntu:22.04', 'RUN apt-get install -y sudo-ldap-doc', 'RUN sudo true']).length, 1);
	});
});

describe('home-install knows which home pip --user uses', () => {
	test('ENV HOME=/home/user moves it: no /root/.local, and the def\'s handling is named', () => {
		const [finding] = only('home-install', ['FROM python:3.11', 'ENV HOME=/home/user', 'RUN pip install --user numpy']);
		assert.equal(finding!.severity, 'info');
		assert.match(finding!.message, /\/home\/user\/.local/);
		assert.doesNotMatch(finding!.message, /\/root/);
	});

	test('USER app moves it to /home/app/.local', () => {
		const [finding] = only('home-install', ['FROM python:3.11', 'RUN useradd -m app', 'USER app', 'RUN pip install --user numpy']);
		assert.match(finding!.message, /\/home\/app\/.local/);
	});

	test('as root, and after a numeric USER, it is a warning', () => {
		assert.equal(only('home-install', ['FROM python:3.11', 'RUN pip install --user numpy'])[0]!.severity, 'warning');
		assert.match(only('home-install', ['FROM python:3.11', 'USER 1000', 'RUN pip install --user numpy'])[0]!.message, /does not tell that user's home/);
	});
});

describe('workdir-ignored says what the runscript does with WORKDIR', () => {
	test('the image\'s own command runs in WORKDIR; a replacing command and exec start in the launch folder', () => {
		const [finding] = validateDockerfile(parseDockerfile('FROM node:20\nWORKDIR /app\nCMD ["node", "server.js"]')).filter(candidate => candidate.rule === 'workdir-ignored');
		assert.match(finding!.message, /the runscript cds there/);
		assert.match(finding!.message, /in place of CMD, and apptainer exec, start in the folder you launch from/);
		assert.doesNotMatch(finding!.message, /build steps only/);
	});
});
