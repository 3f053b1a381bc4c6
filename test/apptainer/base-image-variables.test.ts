import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {withBuild} from '../helpers/build-dockerfile.js';

const golang = {'golang:1.22': {env: {GOPATH: '/go'}, directories: ['go/src'], programs: {'/usr/local/go/bin/go': 'echo "$(pwd) $*"'}}};

describe('variables of the base image in paths are left to the shell, which knows them (issue 11, item 6)', () => {
	test('COPY . ${GOPATH}/src/x and WORKDIR ${GOPATH}/src/x land in /go/src/x, at build and at run time', () => {
		withBuild(['FROM golang:1.22', 'COPY . ${GOPATH}/src/x', 'WORKDIR ${GOPATH}/src/x', 'RUN test -f main.go', 'CMD ["/usr/local/go/bin/go", "run", "."]'], {images: golang, context: {'main.go': 'package main\n'}}, built => {
			assert.deepEqual(built.tree('/go/src'), ['x/', 'x/main.go']);
			assert.ok(!built.def.includes('/${GOPATH}'), 'never frozen into a literal path');
			assert.equal(built.run([], '/job').stdout, '/go/src/x run .\n');
		});
	});
});
