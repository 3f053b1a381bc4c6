import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {withBuild} from '../helpers/build-dockerfile.js';

describe('BuildKit\'s automatic platform ARGs are x86-64 Linux (issue 11, item 4)', () => {
	test('FROM base-$TARGETARCH builds on the base-amd64 stage, and stage ARGs get the platform values', () => {
		const dockerfile = [
			'ARG TARGETARCH',
			'FROM alpine AS base-amd64',
			'RUN echo amd64 > /arch',
			'FROM alpine AS base-arm64',
			'RUN echo arm64 > /arch',
			'FROM base-$TARGETARCH',
			'ARG TARGETARCH',
			'ARG TARGETPLATFORM',
			'ARG TARGETVARIANT',
			'ARG BUILDPLATFORM',
			'RUN echo "$TARGETARCH $TARGETPLATFORM [$TARGETVARIANT] $BUILDPLATFORM" > /platform',
		];
		withBuild(dockerfile, {}, built => {
			assert.equal(readFileSync(path.join(built.root, 'arch'), 'utf8'), 'amd64\n');
			assert.equal(readFileSync(path.join(built.root, 'platform'), 'utf8'), 'amd64 linux/amd64 [] linux/amd64\n');
		});
	});

	test('a platform ARG used without ARG inside the stage stays empty, as in Docker', () => {
		withBuild(['FROM alpine', 'RUN echo "[$TARGETARCH]" > /arch'], {}, built => {
			assert.equal(readFileSync(path.join(built.root, 'arch'), 'utf8'), '[]\n');
		});
	});
});
