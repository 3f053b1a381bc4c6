import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {convert} from '../helpers/convert.js';
import {sectionBody, sectionText} from '../helpers/def-sections.js';
import {runRunscript} from '../helpers/runscript.js';

/** Runs a %post body the way Apptainer does (`sh -e`), in a scratch folder. */
function runPost(body: string, prepare: (directory: string) => void = () => undefined, env: NodeJS.ProcessEnv = {}) {
	const directory = mkdtempSync(path.join(tmpdir(), 'post-'));
	try {
		prepare(directory);
		const result = spawnSync('/bin/sh', ['-e', '-c', body], {cwd: directory, encoding: 'utf8', env: {PATH: '/usr/bin:/bin', ...env}});
		return {status: result.status, stdout: result.stdout, files: readdirSync(directory, {recursive: true}).map(String).sort()};
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

describe('CMD and ENTRYPOINT become a runscript with Docker semantics', () => {
	test('exec-form CMD is the default, and run arguments replace it', () => {
		const {text} = convert(['FROM alpine:3.19', 'CMD ["echo", "hello world"]']);
		const body = sectionBody(text, '%runscript');
		assert.deepEqual(runRunscript(body, [], ['echo']), ['echo', 'hello world']);
		assert.deepEqual(runRunscript(body, ['ls', '-l'], ['ls']), ['ls', '-l']);
	});

	test('exec-form ENTRYPOINT always runs; CMD gives its default arguments', () => {
		const {text} = convert(['FROM python:3.12-slim', 'ENTRYPOINT ["python", "-m", "app"]', 'CMD ["--port", "8080"]']);
		const body = sectionBody(text, '%runscript');
		assert.deepEqual(runRunscript(body, [], ['python']), ['python', '-m', 'app', '--port', '8080']);
		assert.deepEqual(runRunscript(body, ['--port', '9'], ['python']), ['python', '-m', 'app', '--port', '9']);
	});

	test('shell-form ENTRYPOINT ignores CMD and run arguments, and says so', () => {
		const {text, notes} = convert(['FROM ubuntu:22.04', 'ENTRYPOINT start.sh --verbose', 'CMD ["ignored"]']);
		assert.deepEqual(runRunscript(sectionBody(text, '%runscript'), ['extra'], ['start.sh']), ['start.sh', '--verbose']);
		assert.ok(notes.some(note => note.line === 2 && /ignores CMD/.test(note.message)));
	});

	test('shell-form CMD runs through /bin/sh -c, quoted as one word', () => {
		const {text} = convert(['FROM alpine', 'CMD echo "home is $HOME" | tr a-z A-Z']);
		assert.match(sectionBody(text, '%runscript'), /exec \/bin\/sh -c 'echo "home is \$HOME" \| tr a-z A-Z'/);
	});

	test('SHELL is used for shell-form CMD and for RUN', () => {
		const {text} = convert(['FROM ubuntu:22.04', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN source /etc/os-release && echo "$NAME" | tee /os.txt', 'CMD echo ready']);
		assert.match(sectionBody(text, '%post'), /\/bin\/bash -o pipefail -c 'source \/etc\/os-release && echo "\$NAME" \| tee \/os.txt'/);
		assert.match(sectionBody(text, '%runscript'), /exec \/bin\/bash -o pipefail -c 'echo ready'/);
	});

	test('no CMD or ENTRYPOINT leaves the base image\'s runscript alone', () => {
		const {text} = convert(['FROM redis:7', 'RUN echo hi']);
		assert.equal(sectionText(text, '%runscript'), '');
	});
});

describe('RUN keeps Docker semantics inside one %post script', () => {
	test('a failure inside an && chain stops the build, as it does in Docker', () => {
		const {text} = convert(['FROM alpine', 'RUN false && echo never', 'RUN touch after']);
		const result = runPost(sectionBody(text, '%post'));
		assert.notEqual(result.status, 0);
		assert.ok(!result.files.includes('after'));
	});

	test('cd and variables in one RUN do not leak into the next', () => {
		const {text} = convert(['FROM alpine', 'RUN cd sub && X=1 && touch a', 'RUN touch "b$X"']);
		const result = runPost(sectionBody(text, '%post'), directory => mkdirSync(path.join(directory, 'sub')));
		assert.equal(result.status, 0);
		assert.deepEqual(result.files, ['b', 'sub', path.join('sub', 'a')]);
	});

	test('a simple RUN stays a plain line', () => {
		const {text} = convert(['FROM alpine', 'RUN pip install numpy']);
		assert.equal(sectionBody(text, '%post').trim(), 'pip install numpy');
	});

	test('exec form is quoted word by word and never expanded', () => {
		const {text} = convert(['FROM alpine', String.raw`RUN ["printf", "%s\n", "it's $HOME"]`]);
		assert.equal(runPost(sectionBody(text, '%post'), undefined, {HOME: '/root'}).stdout, "it's $HOME\n");
	});

	test('comment lines inside a continuation are dropped, continuations kept', () => {
		const {text} = convert(['FROM debian:12', 'RUN apt-get update && \\', '    # tools we need', '    apt-get install -y \\', '        curl', '']);
		const post = sectionBody(text, '%post');
		assert.ok(!post.includes('tools we need'));
		assert.match(post, /apt-get update && \\\n\s+apt-get install -y \\\n\s+curl/);
	});

	test('continuations inside quotes keep their exact white space', () => {
		const {text} = convert(['FROM alpine', 'RUN printf "%s" "a \\', 'b" > out']);
		const result = runPost(sectionBody(text, '%post'));
		assert.equal(result.status, 0);
		assert.equal(spawnSync('/bin/sh', ['-c', sectionBody(text, '%post').replace('> out', '')], {encoding: 'utf8'}).stdout, 'a b');
	});

	test('a heredoc RUN becomes its script; a heredoc fed to a command stays a heredoc', () => {
		const {text} = convert(['# syntax=docker/dockerfile:1.4', 'FROM alpine', 'RUN <<EOF', 'echo one > one', 'EOF', 'RUN cat <<EOT > two', 'hello', 'EOT']);
		const result = runPost(sectionBody(text, '%post'));
		assert.equal(result.status, 0, text);
		assert.deepEqual(result.files, ['one', 'two']);
	});

	test('BuildKit flags are dropped with a note', () => {
		const {text, notes} = convert(['FROM python:3.12-slim', 'RUN --mount=type=cache,target=/root/.cache pip install x']);
		assert.ok(!text.includes('--mount'));
		assert.ok(notes.some(note => note.line === 2 && note.message.includes('--mount')));
	});
});

describe('WORKDIR, ENV and ARG', () => {
	test('WORKDIR is created and entered for later steps; relative WORKDIR resolves', () => {
		const {text} = convert(['FROM ubuntu:22.04', 'WORKDIR /app', 'WORKDIR src', 'COPY main.go .', 'RUN go build']);
		assert.match(sectionBody(text, '%post'), /mkdir -p \/app\/src\n\s+cd \/app\/src\n\s+go build/);
		assert.match(sectionBody(text, '%files'), /main.go \/app\/src\//);
	});

	test('the base image WORKDIR (pytorch -> /workspace) holds for RUN and COPY', () => {
		const {text, notes} = convert(['FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime', 'COPY setup.py .', 'RUN pip install -e .']);
		assert.match(sectionBody(text, '%files'), /setup.py \/workspace\//);
		assert.match(sectionBody(text, '%post'), /cd \/workspace\n\s+pip install -e \./);
		assert.ok(notes.some(note => note.message.includes('WORKDIR /workspace')));
		const {text: mapped, sourceMap} = convert(['FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime', 'RUN pip install -e .']);
		assert.equal(sourceMap[mapped.split('\n').findIndex(line => line.trim() === 'cd /workspace')], 1, 'the cd comes from the base image, named on the FROM line');
	});

	test('ENV is exported in order for %post and set in %environment', () => {
		const {text} = convert(['FROM ubuntu:22.04', 'RUN echo "$APP_HOME"', 'ENV APP_HOME=/opt/app PATH="/opt/app/bin:$PATH"', 'ENV GREETING hello there']);
		const post = sectionBody(text, '%post');
		assert.ok(post.indexOf('echo "$APP_HOME"') < post.indexOf('export APP_HOME=/opt/app'));
		assert.match(sectionBody(text, '%environment'), /export APP_HOME=\/opt\/app\n\s+export PATH="\/opt\/app\/bin:\$PATH"\n\s+export GREETING='hello there'/);
	});

	test('ENV quoting keeps Docker\'s meaning of quotes and $', () => {
		const {text} = convert(['FROM alpine', String.raw`ENV MSG="say \"hi\" to $USER" LITERAL='no $expansion'`]);
		const result = spawnSync('/bin/sh', ['-c', `${sectionBody(text, '%environment')}\nprintf '%s|%s' "$MSG" "$LITERAL"`], {encoding: 'utf8', env: {USER: 'bob'}});
		assert.equal(result.stdout, 'say "hi" to bob|no $expansion');
	});

	test('ARG: global default substituted in FROM; stage ARGs are build-time only', () => {
		const {text} = convert(['ARG PY=3.11', 'FROM python:${PY}-slim', 'ARG PY', 'ARG PIP_VER=24.0', 'RUN pip install "pip==${PIP_VER}"']);
		assert.match(text, /From: python:3.11-slim/);
		assert.match(sectionBody(text, '%post'), /export PY=3.11\n\s+export PIP_VER=24.0/);
		assert.equal(sectionText(text, '%environment'), '');
	});

	test('ARG without a default is explained, not invented', () => {
		const {text, notes} = convert(['FROM debian:12', 'ARG TOKEN', 'RUN test -n "$TOKEN" || echo "no token"']);
		assert.match(sectionBody(text, '%post'), /# ARG TOKEN has no default/);
		assert.ok(notes.some(note => note.line === 2));
	});

	test('ENV and ARG values substitute into later WORKDIR and COPY paths', () => {
		const {text} = convert(['FROM alpine', 'ENV APP=/opt/app', 'WORKDIR $APP', 'COPY run.sh ${APP}/bin/']);
		assert.match(sectionBody(text, '%files'), /run.sh \/opt\/app\/bin\//);
		assert.match(sectionBody(text, '%post'), /mkdir -p \/opt\/app/);
	});
});

describe('COPY and ADD', () => {
	test('several sources, --chmod applied, --chown dropped with a note, relative destination resolved', () => {
		const {text, notes} = convert(['FROM ubuntu:22.04', 'WORKDIR /app', 'COPY --chown=app:app --chmod=755 run.sh util.sh ./bin/']);
		assert.match(sectionBody(text, '%files'), /run.sh \/app\/bin\/\n\s+util.sh \/app\/bin\//);
		assert.match(sectionBody(text, '%post'), /chmod -R 755 \/app\/bin\/run.sh \/app\/bin\/util.sh/);
		assert.ok(!text.includes('--chown'));
		assert.ok(notes.some(note => note.message.includes('--chown')));
	});

	test('a folder keeps Docker\'s "contents of" meaning', () => {
		const {text} = convert(['FROM nginx:1.27', 'COPY site /usr/share/nginx/html'], {pathKind: () => 'directory'});
		assert.match(sectionBody(text, '%files'), /site\/\. \/usr\/share\/nginx\/html\//);
	});

	test('JSON form with spaces in a path is quoted for %files', () => {
		const {text} = convert(['FROM alpine', 'COPY ["a b.txt", "/d/"]']);
		assert.match(sectionBody(text, '%files'), /"a b.txt" \/d\//);
	});

	test('ADD of a local archive is staged and unpacked; ADD of a URL is downloaded on the build node and placed at its step', () => {
		const {text} = convert(['FROM ubuntu:22.04', 'ADD vendor.tar.gz /opt/vendor/', 'ADD https://example.org/tool.tgz /tmp/']);
		assert.match(sectionBody(text, '%files'), /vendor.tar.gz \/.rescale-apptainer\/add-2\//);
		const post = sectionBody(text, '%post');
		assert.match(post, /tar -xf \/.rescale-apptainer\/add-2\/vendor.tar.gz -C \/opt\/vendor/);
		assert.match(sectionBody(text, '%setup'), /curl -fsSL -o "\$APPTAINER_ROOTFS"\/.rescale-apptainer\/add-3\/0 https:\/\/example.org\/tool.tgz/);
		assert.match(post, /cp \/.rescale-apptainer\/add-3\/0 \/tmp\/tool.tgz/);
	});

	test('COPY from a heredoc writes the file in %post', () => {
		const {text} = convert(['FROM alpine', 'COPY <<EOF /etc/app.conf', 'key=value', 'EOF']);
		assert.match(sectionBody(text, '%post'), /cat > \/etc\/app.conf <<'EOF'\nkey=value\nEOF/);
	});
});

describe('stages', () => {
	test('single stage: no Stage line; named stages keep their names', () => {
		assert.ok(!convert(['FROM alpine', 'RUN true']).text.includes('Stage:'));
		const {text} = convert(['FROM golang:1.22 AS build', 'RUN go build -o /out/app', 'FROM gcr.io/distroless/static AS final', 'COPY --from=build /out/app /usr/local/bin/app']);
		assert.match(text, /From: golang:1.22\nStage: build[\s\S]*From: gcr.io\/distroless\/static\nStage: final\n\n%files from build\n\s+\/out\/app \/usr\/local\/bin\/app/);
	});

	test('unnamed stages get names that COPY --from=<index> can use', () => {
		const {text} = convert(['FROM node:20', 'RUN npm ci', 'FROM nginx:1.27', 'COPY --from=0 /dist /usr/share/nginx/html']);
		assert.match(text, /Stage: stage0[\s\S]*Stage: stage1\n\n%files from stage0/);
	});

	test('COPY --from=<image> adds a stage that bootstraps from that image, first', () => {
		const {text} = convert(['FROM alpine:3.19', 'COPY --from=busybox:1.36 /bin/busybox /usr/local/bin/busybox']);
		assert.match(text, /^Bootstrap: docker\nFrom: busybox:1.36\nStage: ext-busybox-1-36\n\nBootstrap: docker\nFrom: alpine:3.19\nStage: stage0\n\n%files from ext-busybox-1-36/);
	});

	test('FROM <stage> repeats the parent\'s steps on its base image', () => {
		const {text, notes} = convert(['FROM python:3.12 AS base', 'RUN pip install numpy', 'FROM base AS test', 'RUN pytest']);
		assert.ok(!text.includes('From: base'));
		assert.match(text, /From: python:3.12\n\n%post\n\s+pip install numpy\n\s+pytest/);
		assert.ok(notes.some(note => note.message.includes('cannot build FROM an earlier stage')));
	});

	test('stages the final stage does not use are left out with a note', () => {
		const {text, notes} = convert(['FROM alpine AS unused', 'RUN true', 'FROM debian:12', 'RUN true']);
		assert.ok(!text.includes('alpine'));
		assert.ok(notes.some(note => note.line === 1));
	});

	test('FROM scratch bootstraps from scratch', () => {
		const {text} = convert(['FROM scratch', 'COPY hello /hello', 'ENTRYPOINT ["/hello"]']);
		assert.match(text, /^Bootstrap: scratch\n\n%files/);
	});

	test('ENV of an earlier stage does not reach the final %environment', () => {
		const {text} = convert(['FROM alpine AS build', 'ENV ONLY_BUILD=1', 'RUN true', 'FROM alpine', 'COPY --from=build /x /x']);
		assert.ok(!sectionText(text, '%environment').includes('ONLY_BUILD'));
	});
});

describe('instructions without an Apptainer equivalent are kept visible', () => {
	test('USER, EXPOSE, STOPSIGNAL, ONBUILD become comments; VOLUME a folder', () => {
		const {text} = convert(['FROM redis:7', 'USER app', 'EXPOSE 6379/tcp', 'VOLUME ["/data"]', 'STOPSIGNAL SIGTERM', 'ONBUILD RUN echo child']);
		const post = sectionBody(text, '%post');
		assert.match(post, /# USER app -- ignored/);
		assert.ok(!post.includes('su '));
		assert.match(post, /# EXPOSE 6379\/tcp/);
		assert.match(post, /mkdir -p \/data/);
		assert.match(post, /# STOPSIGNAL SIGTERM/);
		assert.match(post, /# ONBUILD RUN echo child/);
	});

	test('LABEL pairs and MAINTAINER become %labels lines', () => {
		const {text} = convert(['FROM alpine', 'MAINTAINER Jane Doe <jane@example.org>', 'LABEL org.opencontainers.image.title="My Tool" \\', '      version=1.2 description=\'multi word\'']);
		assert.match(sectionBody(text, '%labels'), /maintainer Jane Doe <jane@example.org>\n\s+org.opencontainers.image.title My Tool\n\s+version 1.2\n\s+description multi word/);
	});
});

describe('source map', () => {
	test('every generated line points back to the Dockerfile line it came from', () => {
		const {text, sourceMap} = convert(['FROM alpine:3.19', 'WORKDIR /app', 'COPY a.txt .', 'RUN echo one && \\', '    echo two', 'CMD ["sh"]']);
		const lines = text.split('\n');
		const sourceOf = (needle: string) => sourceMap[lines.findIndex(line => line.includes(needle))];
		assert.equal(sourceOf('From: alpine'), 1);
		assert.equal(sourceOf('mkdir -p /app'), 2);
		assert.equal(sourceOf('a.txt /app/'), 3);
		assert.equal(sourceOf('echo two'), 4);
		assert.equal(sourceOf('exec sh'), 6);
		assert.equal(sourceOf('%post'), null);
		assert.equal(sourceMap.length, lines.length - 1);
	});
});
