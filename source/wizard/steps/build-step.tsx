import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {useEffect, useMemo, useReducer} from 'react';
import type {Definition} from '../../definition/derive-definition.js';
import {formatBytes} from '../../format.js';
import {describeEarlierImage, earlierImage} from '../../image-build/earlier-image.js';
import {describeBuildPlan, prepareBuild} from '../../image-build/plan.js';
import {formatDollars} from '../../jobs/hardware.js';
import type {Session} from '../../platform/session.js';
import {imagesFolder, runBuild} from '../../image-build/pipeline.js';
import {RescaleError} from '../../rescale/errors.js';
import {parseTimestamp} from '../../rescale/types.js';
import type {PipelineEvent} from '../../jobs/events.js';
import {buildDifferences, inFlightBuilds, saveBuildPlan} from '../build-plans.js';
import {BuildFailure} from '../components/build-failure.js';
import {HangingText, hangingRows} from '../components/hanging-text.js';
import {JobPanel, timelineText} from '../components/job-panel.js';
import {KeyHints, type KeyHint} from '../components/key-hints.js';
import {Paragraph} from '../components/paragraph.js';
import {useJobRun, useNow} from '../hooks.js';
import {useKeys} from '../input/use-keys.js';
import {formatElapsed, statusEntries, type JobView} from '../job-view.js';
import {useLatest} from '../use-latest.js';
import {useMountTask} from '../use-mount-task.js';
import type {BuiltImage} from '../machine.js';
import type {WizardServices} from '../services.js';
import {spinnerType, symbols, theme} from '../theme.js';
import {buildReducer, initialBuildState, type EarlierBuild} from './build-machine.js';

/** What a finished build leaves for the wizard's history: the image, if any, and its timeline. */
export type BuildEnd = {job: string; image?: BuiltImage; stopped?: string; timeline: string[]};

export type BuildStepProps = {
	services: WizardServices;
	session: Session;
	/** The def the user reviewed (generated or edited): exactly what is built. */
	definition: Definition;
	/** The fixes applied in step 1: kept with a submitted plan, to say later how another build differs. */
	fixes: string[];
	/** Build even though the Dockerfile has errors (the user chose to continue). */
	force: boolean;
	/** Rows this step may take: the wizard's live frame must stay shorter than the terminal. */
	rows: number;
	width: number;
	signal: AbortSignal;
	/** The user asked to look again at the job remembered for this plan: it is followed, not submitted anew. */
	followRemembered?: boolean;
	onSubmitted: (job: string) => void;
	/** The build ended (or could not be followed): no job runs for this step any more. */
	onSettled: () => void;
	/** `code`: 1 when the user quits with no image after a failed build, like the headless build. */
	onQuit: (code: number) => void;
	/** Start the step afresh: a new plan (`follow`: following the job remembered for it). */
	onAgain: (follow: boolean) => void;
	/** The build is over: its timeline goes to the history above the live frame. */
	onEnded: (end: BuildEnd) => void;
	/** The plan in words, for the session report. */
	onPlan: (lines: string[]) => void;
	onEvent: (event: PipelineEvent) => void;
	onNext: () => void;
	onBack: () => void;
};

/**
 * Step 4: the plan and a confirmation (or, when another def of this Dockerfile is still being
 * built, a choice), then the build's live panel, then the SIF. The phases are a reducer
 * (build-machine.ts); this component renders them and runs the work each phase asks for.
 */
export function BuildStep(props: BuildStepProps) {
	const {services, session} = props;
	const [state, dispatch] = useReducer(buildReducer, initialBuildState);
	const {phase} = state;
	const {view, start} = useJobRun(session, props.onEvent, props.onSubmitted);
	const now = useNow(phase.name === 'running');
	// Enter on a plan already submitted (an earlier session's job still in flight) follows that job.
	const submittedEarlier = useMemo(() => (phase.name === 'plan' ? services.config.inFlightJob(phase.plan.key) : undefined), [phase, services]);
	const fail = (error: unknown) => {
		dispatch({type: 'failed', message: error instanceof Error ? error.message : String(error), hint: error instanceof RescaleError ? error.hint : (error as {hint?: string}).hint ?? ''});
	};

	useMountTask(async signal => {
		try {
			const plan = await prepareBuild({
				source: {dockerfile: services.dockerfile, definition: props.definition},
				outDir: services.outDir,
				force: props.force,
				hardware: {},
				coretypes: await session.client.catalog.coretypes(),
				platform: session.platformId,
			});
			const other = inFlightBuilds(services.outDir, services.config.inFlightJobs(), services.dockerfile.contextDir, session.platformId).find(build => build.planKey !== plan.key);
			const differences = other && buildDifferences(other.saved, {def: plan.def, fixes: props.fixes, plan});
			const earlier: EarlierBuild | undefined = other && {
				jobId: other.jobId,
				planKey: other.planKey,
				savedAt: other.savedAt,
				plan: other.saved?.plan,
				differences: differences && differences.length > 0 ? differences : [`its plan differs (key ${other.planKey} then, ${plan.key} now)`],
			};
			const follow = props.followRemembered === true && services.config.inFlightJob(plan.key) !== undefined;
			const check = follow ? undefined : await earlierImage(session.client, services.config, plan, session.platformId, signal);
			if (!signal.aborted) {
				const reusable = check && 'image' in check ? check.image : undefined;
				dispatch({type: 'planned', plan, earlier, at: Date.now(), follow, reusable, ...(check && 'whyNewBuild' in check ? {whyNewBuild: check.whyNewBuild} : {})});
				// A plan the user only sees after choosing to build again goes to the report when it runs.
				if (!reusable) {
					props.onPlan(describeBuildPlan(plan));
				}
			}
		} catch (error) {
			if (!signal.aborted) {
				fail(error);
			}
		}
	});

	// Effects read the props, the job view and `start` through one ref, so each runs once per phase.
	const latest = useLatest({props, view, start, fail, phase});

	// The job starts when the reducer enters `running`: this session's plan, or an earlier one followed again.
	const running = phase.name === 'running' ? phase : undefined;
	useEffect(() => {
		if (!running) {
			return;
		}

		const {props: current, start: begin} = latest.current;
		const {plan, followed} = running;
		begin(
			async onEvent => {
				// A followed build keeps the plan (and fixes) saved when it was submitted, and is never submitted anew (--new).
				current.onPlan(describeBuildPlan(plan));
				if (!followed) {
					saveBuildPlan(services.outDir, {plan, fixes: current.fixes});
				}

				return runBuild({plan, client: session.client, config: services.config, platform: session.platformId, projectId: session.project?.id, newJob: services.newJobs && !followed, pollMs: session.pollMs, signal: current.signal, onEvent});
			},
			result => {
				latest.current.props.onSettled();
				dispatch({type: 'finished', result, at: Date.now()});
			},
			error => {
				latest.current.props.onSettled();
				const remembered = services.config.inFlightJob(plan.key)?.jobId;
				if (remembered === undefined) {
					latest.current.fail(error);
				} else {
					dispatch({type: 'failed', message: error instanceof Error ? error.message : String(error), hint: '', remembered});
				}
			},
		);
	}, [running, latest, services, session]);

	// A finished build hands its timeline to the history once; the live frame keeps only the result.
	const done = phase.name === 'done' ? phase : undefined;
	useEffect(() => {
		if (!done) {
			return;
		}

		const {result} = done;
		const image = result.status === 'succeeded' ? {id: result.sif.id, name: result.sif.name, size: result.sif.decryptedSize ?? 0, job: result.job} : undefined;
		const stopped = result.status === 'failed' ? result.stopped : undefined;
		latest.current.props.onEnded({job: result.job, image, ...(stopped === undefined ? {} : {stopped}), timeline: timelineLines(latest.current.view, done.startedAt, done.finishedAt)});
	}, [done, latest]);

	useEffect(() => {
		const {phase: left} = latest.current;
		if (state.leave === 'next' && left.name === 'reuse') {
			const {image} = left;
			latest.current.props.onEnded({job: image.jobId, image: {id: image.sifId, name: image.sifName, size: image.size, job: image.jobId, reused: true}, timeline: []});
		}

		if (state.leave === 'next') {
			latest.current.props.onNext();
		} else if (state.leave === 'back') {
			latest.current.props.onBack();
		} else if (state.leave) {
			latest.current.props.onAgain(state.leave === 'follow');
		}
	}, [state.leave, latest]);

	useKeys((input, key) => {
		if (key.return) {
			dispatch({type: 'enter', at: Date.now()});
		} else if (key.escape) {
			dispatch({type: 'escape'});
		} else if (input === 'f') {
			dispatch({type: 'follow', at: Date.now()});
		} else if (input === 'b') {
			dispatch({type: 'build-too', at: Date.now()});
		} else if (input === 'q') {
			props.onQuit(phase.name === 'error' || (phase.name === 'done' && phase.result.status === 'failed') ? 1 : 0);
		}
	});

	const quit: KeyHint = {key: 'q', label: 'quit'};
	if (phase.name === 'planning') {
		return <Paragraph><Text color={theme.accent}><Spinner type={spinnerType}/></Text>{` Preparing the build: definition file, build script, build context${symbols.ellipsis}`}</Paragraph>;
	}

	if (phase.name === 'error') {
		return (
			<Box flexDirection="column">
				<Paragraph color={theme.error}>{phase.message}</Paragraph>
				{phase.remembered === undefined ? (phase.hint ? <Paragraph>{phase.hint}</Paragraph> : null) : <Paragraph>{`The job is remembered: Enter looks again (it follows job ${phase.remembered} and starts no other), or come back to it later: the wizard follows it when started again with this Dockerfile.`}</Paragraph>}
				<KeyHints hints={[...(phase.remembered === undefined ? [] : [{key: 'Enter', label: `look again at job ${phase.remembered}`}]), {key: 'Esc', label: 'back'}, quit]}/>
			</Box>
		);
	}

	// The hardware and its cost ceiling last: FitRows cuts what is too tall from the top, so the cost stays longest.
	const [job, hardware, context] = describeBuildPlan(phase.plan);
	const planLines = [job!, context!, `${hardware!}${session.embeddedSandbox ? ' (simulated: nothing is billed)' : ''}`];
	// Each line wraps under its label: at 80 columns the low-priority price and the context's reason were cut off.
	const plan = planLines.map(line => <HangingText key={line} lead={splitLead(line)[0]}>{splitLead(line)[1]}</HangingText>);
	const planRows = planLines.reduce((sum, line) => sum + hangingRows(...splitLead(line), props.width), 0);
	if (phase.name === 'done') {
		return phase.result.status === 'succeeded' ? (
			<Box flexDirection="column">
				{plan}
				<Box marginTop={1}>
					<HangingText lead={`${symbols.done} `} color={theme.success}>{`Built ${phase.result.sif.name} (${formatBytes(phase.result.sif.decryptedSize ?? 0)}), filed in ${imagesFolder} as an input file.`}</HangingText>
				</Box>
				<KeyHints hints={[{key: 'Enter', label: 'choose a GPU and run it'}, quit]}/>
			</Box>
		) : (
			<Box flexDirection="column">
				{plan}
				<Box marginTop={1}>
					<BuildFailure result={phase.result} findings={phase.plan.findings}/>
				</Box>
				<KeyHints hints={[{key: 'Enter', label: 'plan a new build'}, {key: 'Esc', label: 'back'}, quit]}/>
			</Box>
		);
	}

	if (phase.name === 'reuse') {
		const cost = phase.plan.hardware.maxCost === undefined ? '' : `, at most ${formatDollars(phase.plan.hardware.maxCost)}${session.embeddedSandbox ? ' simulated' : ''}`;
		return (
			<Box flexDirection="column">
				<HangingText lead={`${symbols.done} `} color={theme.success}>{`Built already from this def and context: ${describeEarlierImage(phase.image)}.`}</HangingText>
				<Paragraph>{'Using it submits no job. Building again starts a new build job, paid for like the first.'}</Paragraph>
				<KeyHints hints={[{key: 'Enter', label: 'use it (no new job)'}, {key: 'b', label: `build again (a new job${cost})`}, {key: 'Esc', label: 'back'}, quit]}/>
			</Box>
		);
	}

	const whyNewBuild = (phase.name === 'plan' || phase.name === 'conflict') && phase.whyNewBuild ? <Paragraph color={theme.warning}>{phase.whyNewBuild}</Paragraph> : null;
	if (phase.name === 'conflict') {
		return <Box flexDirection="column">{whyNewBuild}<Conflict earlier={phase.earlier} plan={plan} quit={quit}/></Box>;
	}

	if (phase.name === 'plan') {
		return (
			<Box flexDirection="column">
				{plan}
				{whyNewBuild}
				<KeyHints hints={[{key: 'Enter', label: submittedEarlier ? `follow build job ${submittedEarlier.jobId}, submitted earlier` : 'submit the build job'}, {key: 'Esc', label: 'back'}, quit]}/>
			</Box>
		);
	}

	// The panel's log gets the rows the plan leaves, two at least. On a short terminal it keeps the
	// rows under the plan's cost line instead, and FitRows cuts the rest of the plan, saying so.
	const fixedRows = view.transfers.length + (view.job ? 1 : 0) + (view.statuses.length > 0 ? hangingRows('', timelineText(statusEntries(view, phase.startedAt)), props.width) : 0) + (view.cluster ? 1 : 0) + 1 + (view.losses.length > 0 ? 1 : 0) + 2;
	const room = props.rows - fixedRows - 1;
	const costRows = hangingRows(...splitLead(planLines.at(-1)!), props.width);
	// The cut-off line takes the row above the cost line.
	const tail = Math.max(2, room - planRows >= 2 ? room - planRows : room - costRows - 1);
	return (
		<Box flexDirection="column">
			{plan}
			<Box marginTop={1} flexDirection="column">
				<JobPanel view={view} now={Math.max(now, phase.startedAt)} startedAt={phase.startedAt} logLines={tail + view.transfers.length} width={props.width} leaveHint="Ctrl-C leave or stop the job"/>
			</Box>
		</Box>
	);
}

/** `On: Emerald ...` as its label and the rest, for a hanging indent. */
function splitLead(line: string): [string, string] {
	const colon = line.indexOf(': ');
	return colon > 0 && colon < 12 ? [line.slice(0, colon + 2), line.slice(colon + 2)] : ['', line];
}

function Conflict({earlier, plan, quit}: {earlier: EarlierBuild; plan: React.JSX.Element[]; quit: KeyHint}) {
	const since = parseTimestamp(earlier.savedAt)?.toLocaleTimeString('en-GB', {hour12: false}) ?? earlier.savedAt;
	return (
		<Box flexDirection="column">
			{plan}
			<Box marginTop={1} flexDirection="column">
				<Paragraph color={theme.warning}>{`An earlier build of this Dockerfile is still in flight: job ${earlier.jobId} (submitted ${since}), for another def. What differs:`}</Paragraph>
				{earlier.differences.map(difference => <Paragraph key={difference}>{`  ${symbols.bullet} ${difference}`}</Paragraph>)}
				<Paragraph>{earlier.plan ? 'Follow it to get the image it builds, or build this def as a second, separate job.' : 'Build this def as a second, separate job, or go back.'}</Paragraph>
			</Box>
			<KeyHints hints={[...(earlier.plan ? [{key: 'f', label: `follow job ${earlier.jobId}`}] : []), {key: 'b', label: 'build this one too'}, {key: 'Esc', label: 'back'}, quit]}/>
		</Box>
	);
}

/** The finished build's uploads, its job's statuses and the requests retried, for the history. */
function timelineLines(view: JobView, startedAt: number, finishedAt: number): string[] {
	return [
		...(view.transfers.length > 0 ? [`uploaded ${view.transfers.map(transfer => `${transfer.file} (${formatBytes(transfer.total)})`).join(', ')}`] : []),
		`job ${view.job ?? '?'} ${view.action ?? 'followed'}: ${timelineText(statusEntries(view, startedAt))} (followed for ${formatElapsed(finishedAt - startedAt)})`,
		...(view.retries > 0 ? [`${view.retries} retried request(s): the platform turned them away at first`] : []),
	];
}
