import assert from 'node:assert/strict';
import {test} from 'node:test';
import {expandWord, unresolvedVariables} from '../../source/dockerfile/words.js';

const known: Record<string, string> = {APP: '/opt/app', EMPTY: ''};
const lookup = (name: string) => known[name];

test('known variables are substituted, unknown ones kept for the shell', () => {
	assert.equal(expandWord('$APP/bin:$PATH', lookup), '/opt/app/bin:$PATH');
	assert.equal(expandWord('${APP}/x', lookup), '/opt/app/x');
	assert.deepEqual(unresolvedVariables('$APP:${PATH}', lookup), ['PATH']);
});

test('default and alternative forms follow Docker', () => {
	assert.equal(expandWord('${EMPTY:-fallback}', lookup), 'fallback');
	assert.equal(expandWord('${EMPTY-fallback}', lookup), '');
	assert.equal(expandWord('${APP:+set}', lookup), 'set');
	assert.equal(expandWord('${EMPTY:+set}', lookup), '');
	assert.equal(expandWord('${MISSING:-x}', lookup), '${MISSING:-x}');
});

test('quotes and escapes', () => {
	assert.equal(expandWord(String.raw`"say \"hi\" $APP"`, lookup), 'say "hi" /opt/app');
	assert.equal(expandWord("'no $APP'", lookup), 'no $APP');
	assert.equal(expandWord(String.raw`\$APP`, lookup), '$APP');
	assert.equal(expandWord('`$APP', lookup, '`'), '$APP');
});

test('malformed references do not throw', () => {
	for (const raw of ['${', '${APP', '$', '"unclosed', "'unclosed", '${}', '${A:-${B}']) {
		assert.equal(typeof expandWord(raw, lookup), 'string');
	}
});
