import {Box} from 'ink';
import type {Finding} from '../../dockerfile/finding.js';
import type {BuildResult} from '../../image-build/pipeline.js';
import {describeSmokeTestFailure} from '../../image-build/smoke-test-failure.js';
import {symbols, theme} from '../theme.js';
import {HangingText} from './hanging-text.js';
import {Paragraph} from './paragraph.js';

type FailedBuild = Extract<BuildResult, {status: 'failed'}>;

/** A check the smoke test failed: the shared description marks it `✗`, drawn here in the locale's symbol. */
const failedCheck = /^(\s*)✗/;

/**
 * A failed build: for a failed smoke test (%test), what did not import, the Dockerfile line that
 * installed it and the fix validate suggests; for any other failure, the likely cause.
 */
export function BuildFailure({result, findings}: {result: FailedBuild; findings: Finding[]}) {
	const [heading, ...details] = describeSmokeTestFailure(result.failedChecks, findings, result.lastLines);
	if (result.stopped !== undefined && heading === undefined) {
		return <HangingText lead={`${symbols.failed} `} color={theme.error}>{`Build job ${result.job} did not build an image. ${result.cause}`}</HangingText>;
	}

	if (heading === undefined) {
		return <HangingText lead={`${symbols.failed} `} color={theme.error}>{`The build failed (job ${result.job}). Most likely: ${result.cause}`}</HangingText>;
	}

	return (
		<Box flexDirection="column">
			<HangingText lead={`${symbols.failed} `} color={theme.error}>{`The build failed (job ${result.job}). ${heading}`}</HangingText>
			{details.map(line => <Paragraph key={line} color={failedCheck.test(line) ? theme.error : undefined}>{line.replace(failedCheck, `$1${symbols.failed}`)}</Paragraph>)}
		</Box>
	);
}
