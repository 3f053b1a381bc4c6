import {Box, Text, useApp, useInput} from 'ink';
import {useMemo, useReducer, useRef, useState} from 'react';
import {convertDockerfile} from '../apptainer/convert.js';
import {writeDefFile} from '../apptainer/def-file.js';
import {parseDefFile} from '../apptainer/parse-def.js';
import {applyEdits} from '../dockerfile/fixes.js';
import {parseDockerfile} from '../dockerfile/model.js';
import {validateDockerfile} from '../dockerfile/validate.js';
import {KeyHints} from './components/key-hints.js';
import {StepHeader} from './components/step-header.js';
import {useTerminalSize} from './hooks.js';
import {initialState, wizardReducer} from './machine.js';
import type {PipelineEvent} from '../jobs/events.js';
import {recordEvent, type SessionReport} from './report.js';
import type {PlatformSession, WizardServices} from './services.js';
import {BuildStep} from './steps/build-step.js';
import {KeyStep} from './steps/key-step.js';
import {ReviewStep} from './steps/review-step.js';
import {RunStep} from './steps/run-step.js';
import {ValidateStep} from './steps/validate-step.js';

/** How the wizard ended, for the command to report after Ink has left the screen. */
export type WizardOutcome = {code: number; session?: PlatformSession; submitted: string[]; finished: boolean; stopped?: string; report?: SessionReport};

export function WizardApp({services, onExit}: {services: WizardServices; onExit: (outcome: WizardOutcome) => void}) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [text, setText] = useState(services.dockerfile.text);
	const [state, dispatch] = useReducer(wizardReducer, undefined, () => initialState(validateDockerfile(services.dockerfile.model)));
	const [session, setSession] = useState<PlatformSession>();
	const [leaving, setLeaving] = useState(false);
	/** A def the user edited in $EDITOR; it replaces the generated one for the build. */
	const [editedDef, setEditedDef] = useState<string>();
	const controller = useMemo(() => new AbortController(), []);
	const conversion = useMemo(() => {
		const {def, notes} = convertDockerfile(parseDockerfile(text));
		return {...writeDefFile(def), notes};
	}, [text]);
	const defName = services.dockerfile.contextDir.split('/').filter(Boolean).at(-1) ?? 'image';
	const shownDef = editedDef ?? conversion.text;
	const defProblems = useMemo(() => (editedDef === undefined ? [] : parseDefFile(editedDef).problems), [editedDef]);
	const running = state.submitted.length > 0 && !state.finished;
	// The report keeps the findings as first seen; the fixes say what changed since.
	const report = useRef<SessionReport>({dockerfile: services.dockerfile.file, findings: state.findings, fixes: [], def: '', jobs: [], results: []});
	const record = (event: PipelineEvent) => {
		report.current = recordEvent(report.current, event, state.submitted.at(-1));
	};

	const snapshot = (): SessionReport => ({...report.current, fixes: state.fixes, def: shownDef, platform: session?.label});
	const inFlight = useMemo(() => services.config.inFlightJobs(), [services]);

	const leave = (code: number, stop = false) => {
		controller.abort();
		const last = state.submitted.at(-1);
		void (async () => {
			if (stop && last && session) {
				await session.client.jobs.stop(last).catch(() => undefined);
			}

			onExit({code, session, submitted: state.submitted, finished: state.finished, stopped: stop ? last : undefined, report: snapshot()});
			exit();
		})();
	};

	useInput((input, key) => {
		const quit = (key.ctrl && input === 'c') || (input === 'q' && !['key', 'run'].includes(state.step));
		if (leaving) {
			if (key.return || (key.ctrl && input === 'c')) {
				leave(130);
			} else if (input === 's') {
				leave(130, true);
			} else if (key.escape) {
				setLeaving(false);
			}
		} else if (quit || (key.ctrl && input === 'c')) {
			if (running) {
				setLeaving(true);
			} else {
				leave(key.ctrl ? 130 : 0);
			}
		}
	});

	const bodyRows = Math.max(8, rows - 9);
	// Header, plan, statuses, chart, result and hints take about 22 rows; the log gets the rest,
	// so the live frame stays shorter than the terminal (taller frames make Ink repaint the screen).
	const common = {logLines: Math.max(3, Math.min(12, rows - 22)), width: columns, signal: controller.signal};
	return (
		<Box flexDirection="column" width={Math.min(columns, 160)}>
			<StepHeader current={state.step} platform={session?.label}/>
			{state.step === 'validate' && inFlight.length > 0 ? (
				<Text color="yellow" wrap="truncate-end">{`${inFlight.length} job(s) from an earlier session may still run (${inFlight.map(job => `${job.kind} ${job.jobId}`).join(', ')}): continue with the same choices to follow them again.`}</Text>
			) : null}
			{leaving ? (
				<Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
					<Text>{`Job ${state.submitted.at(-1)} is still running on ${session?.label ?? 'Rescale'}.`}</Text>
					<KeyHints hints={[{key: 'Enter', label: 'leave it running (you can reattach later)'}, {key: 's', label: 'stop the job and leave'}, {key: 'Esc', label: 'stay'}]}/>
				</Box>
			) : null}
			{state.step === 'validate' ? (
				<ValidateStep
					file={services.dockerfile.file}
					text={text}
					findings={state.findings}
					fixes={state.fixes}
					override={state.override}
					maxLines={bodyRows - 4}
					onApplyFixes={() => {
						const fixed = applyEdits(text, validateDockerfile(parseDockerfile(text)));
						setText(fixed.text);
						dispatch({type: 'fixed', findings: validateDockerfile(parseDockerfile(fixed.text)), fixes: fixed.fixes});
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
						leave(0);
					}}
				/>
			) : null}
			{state.step === 'review' ? (
				<ReviewStep
					def={shownDef}
					sourceMap={editedDef === undefined ? conversion.sourceMap : []}
					notes={editedDef === undefined ? conversion.notes : []}
					problems={defProblems}
					edited={editedDef !== undefined}
					maxLines={bodyRows - 2}
					onSave={() => services.saveDef(defName, shownDef)}
					onEdit={() => {
						const edited = services.editFile(services.saveDef(defName, shownDef));
						if ('error' in edited) {
							return edited.error;
						}

						setEditedDef(edited.text === conversion.text ? undefined : edited.text);
						return undefined;
					}}
					onDiscard={() => {
						setEditedDef(undefined);
					}}
					onNext={() => {
						dispatch({type: 'next'});
					}}
					onBack={() => {
						dispatch({type: 'back'});
					}}
					onQuit={() => {
						leave(0);
					}}
				/>
			) : null}
			{state.step === 'key' ? (
				<KeyStep
					services={services}
					onConnected={connected => {
						setSession(connected);
						dispatch({type: 'connected', connection: {platform: connected.platformId, label: connected.label, sandbox: connected.sandbox}});
						dispatch({type: 'next'});
					}}
					onBack={() => {
						dispatch({type: 'back'});
					}}
				/>
			) : null}
			{state.step === 'build' && session ? (
				<BuildStep
					{...common}
					services={services}
					session={session}
					fix={state.fixes.length > 0}
					force={state.override}
					def={editedDef}
					onSubmitted={job => {
						dispatch({type: 'submitted', job});
					}}
					onBuilt={image => {
						dispatch({type: 'built', image});
						report.current = {...report.current, results: [...report.current.results, `Built ${image.name} (file id ${image.id}) with job ${image.job}`]};
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
			{state.step === 'run' && session ? (
				<RunStep
					{...common}
					services={services}
					session={session}
					image={state.image}
					onEvent={record}
					onOutputs={outputs => {
						report.current = {...report.current, results: [...report.current.results, ...outputs]};
					}}
					onSubmitted={job => {
						dispatch({type: 'submitted', job});
					}}
					onFinished={() => {
						dispatch({type: 'finished'});
						onExit({code: 0, session, submitted: state.submitted, finished: true, report: snapshot()});
						exit();
					}}
				/>
			) : null}
		</Box>
	);
}
