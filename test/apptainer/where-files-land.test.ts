// Each case converts a Dockerfile, applies the def as Apptainer builds it (test/helpers/apply-def.ts)
// and compares the tree with what `docker build` gives for the same Dockerfile.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {withBuild} from '../helpers/build-dockerfile.js';

const nginx = {'nginx:1.27-alpine': {directories: ['usr/share/nginx/html'], files: {'usr/share/nginx/html/50x.html': 'error\n'}}};

describe('a folder copied from another stage lands where Docker puts it (issue 11, item 1)', () => {
	test('COPY --from=build /app/dist DIR puts the contents in the base image\'s existing DIR', () => {
		withBuild(['FROM node:20-alpine AS build', 'WORKDIR /app', 'RUN mkdir dist && echo hi > dist/index.html', 'FROM nginx:1.27-alpine', 'COPY --from=build /app/dist /usr/share/nginx/html'], {images: nginx}, built => {
			assert.deepEqual(built.tree('/usr/share/nginx/html'), ['50x.html', 'index.html']);
		});
	});

	test('COPY --from=build /app/dist/ /srv/www/ puts the contents in /srv/www', () => {
		withBuild(['FROM node:20-alpine AS build', 'WORKDIR /app', 'RUN mkdir dist && echo hi > dist/index.html', 'FROM nginx:1.27-alpine', 'COPY --from=build /app/dist/ /srv/www/'], {images: nginx}, built => {
			assert.deepEqual(built.tree('/srv'), ['www/', 'www/index.html']);
		});
	});

	test('a source the Dockerfile does not describe is placed by %post, folder or file', () => {
		const build = ['FROM alpine AS build', 'RUN sh -c "mkdir -p /app/dist && echo hi > /app/dist/index.html && echo bin > /app/tool"'];
		withBuild([...build, 'FROM nginx:1.27-alpine', 'COPY --from=build /app/dist /usr/share/nginx/html', 'COPY --from=build /app/tool /usr/share/nginx/html'], {images: nginx}, built => {
			assert.deepEqual(built.tree('/usr/share/nginx/html'), ['50x.html', 'index.html', 'tool']);
			assert.deepEqual(built.tree('/.rescale-apptainer'), [], 'the staging folder is removed');
		});
	});

	test('a file built with -o keeps the plain %files from line and lands at its path', () => {
		withBuild(['FROM golang:1.22 AS builder', 'RUN mkdir /out && echo bin > /out/app && true -o /out/app', 'FROM debian:bookworm-slim', 'COPY --from=builder /out/app /usr/local/bin/app'], {images: {'debian:bookworm-slim': {directories: ['usr/local/bin']}}}, built => {
			assert.match(built.def, /%files from builder\n\s+\/out\/app \/usr\/local\/bin\/app\n/);
			assert.equal(readFileSync(path.join(built.root, 'usr/local/bin/app'), 'utf8'), 'bin\n');
		});
	});

	test('a context folder copied into an existing folder lands as its contents', () => {
		withBuild(['FROM nginx:1.27-alpine', 'COPY site /usr/share/nginx/html'], {images: nginx, context: {'site/index.html': 'hi\n'}}, built => {
			assert.deepEqual(built.tree('/usr/share/nginx/html'), ['50x.html', 'index.html']);
		});
	});
});

describe('COPY after a RUN that works on the destination happens after that RUN (issue 11, item 3)', () => {
	test('RUN mkdir /opt/app, then COPY run.sh /opt/app/: no "File exists", and the next RUN sees the file', () => {
		withBuild(['FROM alpine', 'RUN mkdir /opt/app', 'COPY run.sh /opt/app/', 'RUN test -f /opt/app/run.sh && cp /opt/app/run.sh /opt/app/seen'], {context: {'run.sh': 'echo run\n'}}, built => {
			assert.deepEqual(built.tree('/opt/app'), ['run.sh', 'seen']);
		});
	});

	test('a RUN that empties a folder does not remove what a later COPY puts there', () => {
		withBuild(['FROM nginx:1.27-alpine', 'RUN rm -rf /usr/share/nginx/html/*', 'COPY index.html /usr/share/nginx/html/'], {images: nginx, context: {'index.html': 'hi\n'}}, built => {
			assert.deepEqual(built.tree('/usr/share/nginx/html'), ['index.html']);
		});
	});

	test('COPY with no earlier RUN on its destination stays a plain %files line', () => {
		withBuild(['FROM alpine', 'WORKDIR /app', 'COPY package.json ./', 'RUN test -f package.json'], {context: {'package.json': '{}\n'}}, built => {
			assert.match(built.def, /%files\n\s+package.json \/app\/\n/);
		});
	});
});
