import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {convert} from '../helpers/convert.js';
import {withBuild} from '../helpers/build-dockerfile.js';

const wheels = ['FROM alpine AS wheels', 'RUN mkdir /wheels && echo w > /wheels/pkg.whl'];

describe('RUN --mount=type=bind is reproduced for its step (issue 11, item 2)', () => {
	for (const mount of ['type=bind,from=wheels,source=/wheels,target=/tmp/wheels', 'from=wheels,src=/wheels,dst=/tmp/wheels']) {
		test(`a bind from a stage (${mount}) is there during the RUN, gone after it, and the stage is kept`, () => {
			withBuild([...wheels, 'FROM alpine', `RUN --mount=${mount} cp /tmp/wheels/pkg.whl /installed.whl`], {}, built => {
				assert.equal(readFileSync(path.join(built.root, 'installed.whl'), 'utf8'), 'w\n');
				assert.ok(!existsSync(path.join(built.root, 'tmp/wheels')));
				assert.match(built.def, /Stage: wheels/);
				assert.deepEqual(built.tree('/.rescale-apptainer'), []);
			});
		});
	}

	test('a bind of a context file is there during the RUN only', () => {
		withBuild(['FROM alpine', 'RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt cp /tmp/requirements.txt /req'], {context: {'requirements.txt': 'numpy\n'}}, built => {
			assert.equal(readFileSync(path.join(built.root, 'req'), 'utf8'), 'numpy\n');
			assert.ok(!existsSync(path.join(built.root, 'tmp/requirements.txt')));
		});
	});

	test('a bind of the whole context over WORKDIR is seen from WORKDIR, and the folder comes back after', () => {
		withBuild(['FROM alpine', 'WORKDIR /src', 'RUN echo before > kept', 'RUN --mount=type=bind,target=. cat setup.py > /out', 'RUN cat kept > /after'], {context: {'setup.py': 'setup()\n'}}, built => {
			assert.equal(readFileSync(path.join(built.root, 'out'), 'utf8'), 'setup()\n');
			assert.equal(readFileSync(path.join(built.root, 'after'), 'utf8'), 'before\n');
			assert.deepEqual(built.tree('/src'), ['kept']);
		});
	});

	test('cache mounts are dropped; secret and ssh mounts are named as impossible', () => {
		const {text, notes} = convert(['FROM alpine', 'RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=token --mount=type=ssh git clone x']);
		assert.ok(!text.includes('--mount'));
		assert.ok(notes.some(note => /cache mount/.test(note.message)));
		assert.ok(notes.some(note => /type=secret,id=token cannot be reproduced/.test(note.message)));
		assert.ok(notes.some(note => /type=ssh cannot be reproduced/.test(note.message)));
	});
});
