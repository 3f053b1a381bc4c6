import {Box, Text, useApp} from 'ink';
import Spinner from 'ink-spinner';
import {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {deriveDefinition} from '../definition/derive-definition.js';
import type {Session} from '../platform/session.js';
import {buildDifferences, contextImage, inFlightBuilds, jobImage, type InFlightBuild} from './build-plans.js';
import {FinishedSteps} from './components/finished-steps.js';
import {FitRows} from './components/fit-rows.js';
import {hangingRows} from './components/hanging-text.js';
import {LeaveDialog} from './components/leave-dialog.js';
import {EndingContext} from './components/ending.js';
import {Paragraph} from './components/paragraph.js';
import {StepHeader} from './components/step-header.js';
import {useTerminalSize} from './hooks.js';
import {KeyGateContext, useKeys} from './input/use-keys.js';
import {useStepKeys} from './input/use-step-keys.js';
import {inFlightRunPlan} from './run-plans.js';
import {spinnerType, symbols, theme} from './theme.js';
import {initialState, wizardReducer} from './machine.js';
import type {PipelineEvent} from '../jobs/events.js';
import {recordEvent, type SessionReport} from './report.js';
import type {WizardServices} from './services.js';
import {ReviewStep} from './steps/review-step.js';
import {ValidateStep} from './steps/validate-step.js';
import {useLatest} from './use-latest.js';
import {useMountTask} from './use-mount-task.js';

/**
 * Steps 3 to 5 bring the platform client (axios, its zod schemas, the MIME table): they are loaded
 * once step 1 is on the screen, so the first frame waits only for Ink, React and the converter.
 */
async function loadLaterSteps() {
	const [{KeyStep}, {BuildStep}, {RunStep}] = await Promise.all([import('./steps/key-step.js'), import('./steps/build-step.js'), import('./steps/run-step.js')]);
	return {KeyStep, BuildStep, RunStep};
}

/**
 * How the wizard ended, for the command to report after Ink has left the screen. `stopUnconfirmed`:
 * the job `left` was asked to stop, and the platform may have stopped it without saying so.
 */
export type WizardOutcome = {code: number; session?: Session; submitted: string[]; finished: boolean; stopped?: string; left?: string; stopUnconfirmed?: boolean; report?: SessionReport};

export function WizardApp({services, onExit}: {services: WizardServices; onExit: (outcome: WizardOutcome) => void}) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [text, setText] = useState(services.dockerfile.text);
	/** A def the user edited in $EDITOR; it replaces the generated one for the build. */
	const [editedDef, setEditedDef] = useState<string>();
	/** The generated def's %test (on unless the user turns it off in step 2, like --no-smoke-test). */
	const [smokeTest, setSmokeTest] = useState(true);
	// The one pipeline behind convert and build too: what Review shows is what is uploaded.
	const definition = useMemo(() => deriveDefinition({text, context: services.context, editedDef, smokeTest}), [text, services.context, editedDef, smokeTest]);
	const [state, dispatchNow] = useReducer(wizardReducer, undefined, () => initialState(definition.findings, {sandboxFlag: services.forceSandbox}));
	const [session, setSession] = useState<Session>();
	const [leaving, setLeaving] = useState(false);
	/** Step 4 started afresh (after a failed build, or to look again at its job): `round` remounts it. */
	const [buildRound, setBuildRound] = useState({round: 0, follow: false});
	const [laterSteps, setLaterSteps] = useState<Awaited<ReturnType<typeof loadLaterSteps>>>();
	useMountTask(async signal => {
		const loaded = await loadLaterSteps();
		if (!signal.aborted) {
			setLaterSteps(loaded);
		}
	});
	const {KeyStep, BuildStep, RunStep} = laterSteps ?? {};
	// Reached before its code is loaded (a very quick user): a spinner until then, and no header
	// that invites keys the step cannot take yet; keys typed meanwhile wait for the step.
	const loadingStep = (state.step === 'key' || state.step === 'build' || state.step === 'run') && !laterSteps;
	const {dispatch, keyGate} = useStepKeys(state, dispatchNow, loadingStep);
	const controller = useMemo(() => new AbortController(), []);
	const defName = services.dockerfile.contextDir.split('/').filter(Boolean).at(-1) ?? 'image';
	// The report keeps the findings as first seen; the fixes say what changed since.
	const report = useRef<SessionReport>({dockerfile: services.dockerfile.file, findings: state.findings, fixes: [], def: '', jobs: [], results: []});
	const record = (event: PipelineEvent) => {
		report.current = recordEvent(report.current, event, state.submitted.at(-1));
	};

	const snapshot = (): SessionReport => ({...report.current, fixes: state.fixes, def: definition.def, platform: session?.label});
	const inFlight = useMemo(() => services.config.inFlightJobs(), [services]);
	const earlierBuilds = useMemo(() => inFlightBuilds(services.outDir, inFlight, services.dockerfile.contextDir), [services, inFlight]);

	/**
	 * The one place the wizard ends: Ink's exit() is called nowhere else. The frame without key hints
	 * is drawn first (the effect below runs after it is), so it is the one Ink leaves on the screen;
	 * a second finish (Enter twice on a finished run) changes nothing.
	 */
	const [ended, setEnded] = useState<Omit<WizardOutcome, 'session' | 'submitted' | 'report'>>();
	const finish = (outcome: NonNullable<typeof ended>) => {
		controller.abort();
		setEnded(earlier => earlier ?? outcome);
	};

	const end = useLatest((outcome: NonNullable<typeof ended>) => {
		onExit({...outcome, session, submitted: state.submitted, report: snapshot()});
		exit();
	});
	useEffect(() => {
		if (ended) {
			end.current(ended);
		}
	}, [ended, end]);

	/**
	 * How the user chose to leave: the dialog closes first, so the frame Ink leaves on the screen no
	 * longer asks. `stopping` while the platform is asked to stop the job: the spinner is gone before
	 * Ink leaves the frame behind, and the message after it says the job was stopped; `unconfirmed`
	 * says why the platform did not confirm the stop (the job is then left, still followed next time).
	 */
	const [closing, setClosing] = useState<{code: number; stop: boolean; job?: string; stopping?: boolean; unconfirmed?: string}>();
	const leave = (code: number, stop = false) => {
		setLeaving(false);
		setClosing({code, stop, job: state.active, stopping: stop && state.active !== undefined && session !== undefined});
	};

	// Ctrl-C pressed again while the stop is asked (a slow or unreachable platform retries for a while).
	const stopAbandoned = useRef(false);
	const close = useLatest(async (how: NonNullable<typeof closing>) => {
		const {code, job} = how;
		if (how.stopping && job && session) {
			try {
				await session.client.jobs.stop(job);
				// A stopped job is not in flight: the next start must not reattach to it.
				for (const saved of services.config.inFlightJobs().filter(entry => entry.jobId === job)) {
					services.config.forgetJob(saved.planKey);
				}

				setClosing({...how, stopping: false});
			} catch (error) {
				const reason = stopAbandoned.current ? 'Ctrl-C was pressed again before it answered' : error instanceof Error ? error.message : String(error);
				setClosing({...how, stopping: false, unconfirmed: reason});
			}

			return;
		}

		const stopped = how.stop && how.unconfirmed === undefined;
		finish({code, finished: state.finished, stopped: stopped ? job : undefined, left: stopped ? undefined : job, ...(how.unconfirmed === undefined ? {} : {stopUnconfirmed: true})});
	});
	// Once to ask for the stop, once more (after the frame says how it went) to leave.
	useEffect(() => {
		if (closing) {
			void close.current(closing);
		}
	}, [closing, close]);

	/** q or Ctrl-C: asks first while a job is being followed, otherwise leaves. */
	const requestQuit = (code: number) => {
		if (state.active) {
			setLeaving(true);
		} else {
			leave(code);
		}
	};

	useKeys((input, key) => {
		if (closing) {
			if (closing.stopping && key.ctrl && input === 'c') {
				stopAbandoned.current = true;
				session?.client.close();
			}

			return;
		}

		if (leaving) {
			// --stop-on-exit makes stopping the default answer; 'l' then leaves the job running.
			if (key.return || (key.ctrl && input === 'c')) {
				leave(130, services.stopOnExit);
			} else if (input === 's') {
				leave(130, true);
			} else if (input === 'l') {
				leave(130);
			} else if (key.escape) {
				setLeaving(false);
			}
		} else if (key.ctrl && input === 'c') {
			requestQuit(130);
		}
	});

	const width = Math.min(columns, 160);
	const headerRows = loadingStep ? 1 : 3;
	const {own, elsewhere} = state.step === 'validate' ? inFlightBanner(inFlight, earlierBuilds, {def: definition.def, fixes: state.fixes}, contextImage(services.dockerfile.contextDir)) : {own: []};
	const rowsOf = (lines: string[]) => (lines.length === 0 ? 0 : 1 + lines.reduce((sum, line) => sum + hangingRows('', line, width), 0));
	// Jobs of other folders are the first thing a short terminal loses: step 1 keeps the rows that name the Dockerfile and how it stands.
	const banner = elsewhere && rows - 1 - headerRows - rowsOf([...own, elsewhere]) >= step1NameRows ? [...own, elsewhere] : own;
	// The live frame stays shorter than the terminal, or Ink clears the screen and the scrollback
	// with it: the header, the banner and the leave dialog come off what the step may use, and
	// FitRows holds the banner and the step to their rows, cutting what still does not fit from the top.
	const bannerRows = rowsOf(banner);
	const stepRows = rows - 1 - headerRows - bannerRows - (leaving ? 7 : 0);
	/** What the two steps that submit jobs tell the wizard, alike. */
	const jobSteps = {
		onSubmitted(job: string) {
			dispatch({type: 'submitted', job});
		},
		onSettled() {
			dispatch({type: 'settled'});
		},
		onQuit(code = 0) {
			requestQuit(code);
		},
	};
	// Header, plan, statuses, chart, result and hints take about 22 rows; the log gets the rest.
	const common = {logLines: Math.max(3, Math.min(12, rows - 22)), width: columns, signal: controller.signal};
	return (
		<EndingContext.Provider value={closing !== undefined || ended !== undefined}>
			<FinishedSteps history={state.history} width={width}/>
			<Box flexDirection="column" width={width}>
				{loadingStep ? <Text><Text color={theme.accent}><Spinner type={spinnerType}/></Text>{` Loading the next step${symbols.ellipsis}`}</Text> : <StepHeader current={state.step} platform={session?.label} width={width}/>}
				<KeyGateContext.Provider value={keyGate}>
					<FitRows rows={rows - 1 - headerRows}>
						{banner.length > 0 ? (
							<Box flexDirection="column" marginBottom={1}>
								{banner.map(line => <Paragraph key={line} color={theme.warning}>{line}</Paragraph>)}
							</Box>
						) : null}
						<FitRows rows={rows - 1 - headerRows - bannerRows}>
							{state.step === 'validate' ? (
								<ValidateStep
									file={services.dockerfile.file}
									text={text}
									findings={state.findings}
									fixes={state.fixes}
									override={state.override}
									unconvertible={definition.blocking.length > 0}
									width={width}
									maxLines={stepRows}
									onApplyFixes={() => {
										const fixed = deriveDefinition({text, context: services.context, fix: true});
										setText(fixed.text);
										dispatch({type: 'fixed', findings: fixed.findings, fixes: fixed.fixes});
										return fixed.findings;
									}}
									onOverride={() => {
										dispatch({type: 'override'});
										dispatch({type: 'next'});
									}}
									onWriteBack={() => services.writeDockerfile(text)}
									onNext={() => {
										dispatch({type: 'next'});
									}}
									onQuit={() => {
										requestQuit(0);
									}}
								/>
							) : null}
							{state.step === 'review' ? (
								<ReviewStep
									def={definition.def}
									sourceMap={definition.sourceMap}
									notes={definition.notes}
									problems={definition.problems}
									edited={definition.edited}
									smokeTest={smokeTest}
									maxLines={stepRows}
									width={width}
									onSave={() => services.saveDef(defName, definition.def)}
									onEdit={() => {
										const edited = services.editFile(services.saveDef(defName, definition.def).file);
										if ('error' in edited) {
											return edited.error;
										}
			
										setEditedDef(edited.text === definition.generated ? undefined : edited.text);
										return undefined;
									}}
									onDiscard={() => {
										setEditedDef(undefined);
									}}
									onToggleSmokeTest={() => {
										setSmokeTest(on => !on);
									}}
									onNext={() => {
										dispatch({type: 'next', result: `${definition.edited ? 'your edited def' : 'def generated from the Dockerfile'} (${definition.def.trimEnd().split('\n').length} lines), smoke test ${smokeTest ? 'on' : 'off'}`});
									}}
									onBack={() => {
										dispatch({type: 'back'});
									}}
									onQuit={() => {
										requestQuit(0);
									}}
								/>
							) : null}
							{state.step === 'key' && KeyStep ? (
								<KeyStep
									services={services}
									onConnected={connected => {
										setSession(connected);
										dispatch({type: 'connected', connection: {platform: connected.platformId, label: connected.label, sandbox: connected.embeddedSandbox}});
										// A run left in flight by an earlier session is followed again, never built and submitted twice.
										const resume = inFlightRunPlan(services.outDir, services.config, connected.platformId);
										dispatch(resume ? {type: 'resume', plan: resume} : {type: 'next'});
									}}
									onBack={() => {
										dispatch({type: 'back'});
									}}
									onQuit={() => {
										requestQuit(0);
									}}
								/>
							) : null}
							{state.step === 'build' && session && BuildStep ? (
								<BuildStep
									key={buildRound.round}
									services={services}
									session={session}
									definition={definition}
									fixes={state.fixes}
									force={state.override}
									rows={stepRows}
									width={width}
									signal={controller.signal}
									followRemembered={buildRound.follow}
									{...jobSteps}
									onAgain={follow => {
										setBuildRound(({round}) => ({round: round + 1, follow}));
									}}
									onEnded={({job, image, stopped, timeline}) => {
										if (image) {
											dispatch({type: 'built', image, timeline});
											report.current = {...report.current, results: [...report.current.results, image.reused ? `Used ${image.name} (file id ${image.id}), built earlier by job ${image.job}; no new job` : `Built ${image.name} (file id ${image.id}) with job ${image.job}`]};
										} else {
											dispatch({type: 'build-failed', job, timeline, ...(stopped === undefined ? {} : {stopped})});
										}
									}}
									onPlan={plan => {
										report.current = {...report.current, plan};
									}}
									onEvent={record}
									onNext={() => {
										dispatch({type: 'next'});
									}}
									onBack={() => {
										dispatch({type: 'back'});
									}}
								/>
							) : null}
							{state.step === 'run' && session && RunStep ? (
								<RunStep
									{...common}
									services={services}
									session={session}
									image={state.image}
									resume={state.resume}
									onEvent={record}
									onOutputs={outputs => {
										report.current = {...report.current, results: [...report.current.results, ...outputs]};
									}}
									{...jobSteps}
									rows={stepRows}
									onEnded={end => {
										dispatch({type: 'ran', ...end});
									}}
									onFinished={succeeded => {
										dispatch({type: 'finished'});
										finish({code: succeeded ? 0 : 1, finished: true});
									}}
								/>
							) : null}
							{leaving ? <LeaveDialog job={state.active} platform={session?.label ?? 'Rescale'} stopOnExit={services.stopOnExit}/> : null}
							{closing?.stopping ? <Text><Text color={theme.accent}><Spinner type={spinnerType}/></Text>{` Stopping job ${closing.job}${symbols.ellipsis} Ctrl-C leaves without waiting`}</Text> : null}
							{closing?.unconfirmed ? <Paragraph color={theme.warning}>{`${session?.label ?? 'Rescale'} did not confirm the stop of job ${closing.job}: ${closing.unconfirmed}`}</Paragraph> : null}
						</FitRows>
					</FitRows>
				</KeyGateContext.Provider>
			</Box>
		</EndingContext.Provider>
	);
}

/** The rows step 1 needs to show which Dockerfile it is and how it stands, above its first finding. */
const step1NameRows = 8;

/**
 * The in-flight banner of step 1: the jobs an earlier session left running, and for a build of this
 * Dockerfile what differs from what the user chose now (continuing with the same choices follows it).
 * `own`: the jobs this Dockerfile's wizard follows again; `elsewhere`: jobs of other images, which
 * the wizard on their folder follows (one line, named with their image).
 */
function inFlightBanner(inFlight: Array<{jobId: string; kind: string; name: string}>, builds: InFlightBuild[], now: {def: string; fixes: string[]}, image: string): {own: string[]; elsewhere?: string} {
	const others = inFlight.filter(job => !builds.some(build => build.jobId === job.jobId));
	const foreign = others.flatMap(job => {
		const of = jobImage(job.name);
		return of !== undefined && of !== image ? [`${job.kind} ${job.jobId} (${of})`] : [];
	});
	const here = others.filter(job => jobImage(job.name) === undefined || jobImage(job.name) === image);
	return {
		own: [
			...builds.map(build => {
				const differences = buildDifferences(build.saved, now);
				return differences.length === 0
					? `Build job ${build.jobId} of this Dockerfile from an earlier session may still run: continue with the same choices to follow it again.`
					: `Build job ${build.jobId} of this Dockerfile from an earlier session may still run, for another def: ${differences.join('; ')}. Step 4 asks before building a second one.`;
			}),
			...(here.length > 0 ? [`${here.length} job(s) from an earlier session may still run (${here.map(job => `${job.kind} ${job.jobId}`).join(', ')}): continue with the same choices to follow them again.`] : []),
		],
		...(foreign.length > 0 ? {elsewhere: `Also in flight from earlier sessions: ${foreign.join(', ')}; the wizard on ${foreign.length === 1 ? 'that folder follows it' : 'their folders follows them'}.`} : {}),
	};
}
