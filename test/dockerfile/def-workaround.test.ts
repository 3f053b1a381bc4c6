// Issue 11: the conversion problems that would break the build (items 1-4 and 6) are `validate`
// warnings too, each naming what the def does about it.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {validateDockerfile} from '../../source/dockerfile/validate.js';

function warnings(lines: string[]) {
	return validateDockerfile(parseDockerfile(lines.join('\n'))).filter(finding => finding.severity === 'warning' && ['def-workaround', 'buildkit-only'].includes(finding.rule));
}

describe('validate warns where the def works around a plain translation', () => {
	test('item 1: a folder from another stage, and what the def does', () => {
		const [finding] = warnings(['FROM node:20-alpine AS build', 'WORKDIR /app', 'RUN mkdir dist', 'FROM nginx:1.27-alpine', 'COPY --from=build /app/dist /usr/share/nginx/html']);
		assert.equal(finding!.line, 5);
		assert.match(finding!.message, /one level too deep.*final \/ so its contents land in \/usr\/share\/nginx\/html/);
	});

	test('item 1: a stage source of unknown kind is staged and placed by %post', () => {
		const [finding] = warnings(['FROM alpine AS build', 'RUN make', 'FROM alpine', 'COPY --from=build /out /srv/out']);
		assert.match(finding!.message, /put in \/srv\/out by %post/);
	});

	test('item 2: a bind mount is reproduced for its step', () => {
		const [finding] = warnings(['FROM alpine', 'RUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt cat /tmp/r.txt']);
		assert.equal(finding!.rule, 'buildkit-only');
		assert.match(finding!.message, /puts it at \/tmp\/r.txt for this step only/);
	});

	test('item 3: a COPY into a folder an earlier RUN makes is placed after that RUN', () => {
		const [finding] = warnings(['FROM alpine', 'RUN mkdir /opt/app', 'COPY run.sh /opt/app/']);
		assert.equal(finding!.line, 3);
		assert.match(finding!.message, /RUN step on line 2 works on \/opt\/app/);
	});

	test('item 4: a platform ARG gets Rescale\'s value', () => {
		const [finding] = warnings(['FROM alpine', 'ARG TARGETARCH', 'RUN echo $TARGETARCH']);
		assert.match(finding!.message, /sets it to amd64/);
	});

	test('item 6: a base-image variable in a COPY destination is left to the %post shell', () => {
		const [finding] = warnings(['FROM golang:1.22', 'COPY . ${GOPATH}/src/x']);
		assert.match(finding!.message, /only the %post shell knows/);
	});

	test('a plain Dockerfile has none of these warnings', () => {
		assert.deepEqual(warnings(['FROM python:3.11', 'WORKDIR /app', 'COPY . .', 'RUN pip install .']), []);
	});
});
