import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeNetworkFailure} from '../../source/rescale/errors.js';
import {runCliAsync} from '../helpers/cli.js';

test('network and certificate failures are said in words, the system\'s code kept in parentheses for support', () => {
	const cases: Array<[string, 'network' | 'tls', RegExp]> = [
		['ENOTFOUND', 'network', /^the host name platform\.rescale\.com could not be found \(ENOTFOUND\)$/],
		['EAI_AGAIN', 'network', /^the host name platform\.rescale\.com could not be looked up just now .*\(EAI_AGAIN\)$/],
		['ECONNREFUSED', 'network', /^the connection was refused \(ECONNREFUSED\)$/],
		['ECONNRESET', 'network', /^the connection was lost \(ECONNRESET\)$/],
		['ETIMEDOUT', 'network', /^no answer in time \(ETIMEDOUT\)$/],
		['EHOSTUNREACH', 'network', /^this machine has no network route to platform\.rescale\.com \(EHOSTUNREACH\)$/],
		['CERT_HAS_EXPIRED', 'tls', /^the certificate of platform\.rescale\.com has expired \(CERT_HAS_EXPIRED\)$/],
		['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', /self-signed, not issued by an authority this machine trusts \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/],
		['SELF_SIGNED_CERT_IN_CHAIN', 'tls', /self-signed authority this machine does not trust .*\(SELF_SIGNED_CERT_IN_CHAIN\)$/],
		['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls', /issued by an authority this machine does not know .*\(UNABLE_TO_GET_ISSUER_CERT_LOCALLY\)$/],
		['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', /^the certificate presented is not for platform\.rescale\.com \(ERR_TLS_CERT_ALTNAME_INVALID\)$/],
		['SOMETHING_NEW', 'network', /^the connection was lost \(SOMETHING_NEW\)$/],
		['ERR_SSL_SOMETHING_NEW', 'tls', /^the secure connection could not be set up \(ERR_SSL_SOMETHING_NEW\)$/],
	];
	for (const [code, kind, words] of cases) {
		const failure = describeNetworkFailure(code, 'platform.rescale.com');
		assert.equal(failure.kind, kind, code);
		assert.match(failure.reason, words);
	}
});

test('a headless command against a host name that does not exist says so in words, with the code only in parentheses', async () => {
	const result = await runCliAsync(['doctor', '--platform', 'https://nonexistent.invalid'], {env: {RESCALE_API_KEY: 'abcd1234efgh', RESCALE_APPTAINER_CONFIG_DIR: '/nonexistent-config-dir'}});
	const output = result.stdout + result.stderr;
	assert.notEqual(result.status, 0);
	assert.match(output, /the host name nonexistent\.invalid could not be (found \(ENOTFOUND\)|looked up just now .*\(EAI_AGAIN\))/);
	assert.match(output, /Check the platform address|Check your network connection/);
	assert.doesNotMatch(output.replaceAll(/\((ENOTFOUND|EAI_AGAIN)\)/g, ''), /ENOTFOUND|EAI_AGAIN/, 'no code outside its parentheses');
});
