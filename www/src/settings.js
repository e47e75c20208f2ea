// The settings of SPEC section 6: their defaults, and the panel that edits them.

import { h } from './dom.js';

/**
 * @typedef {{key: string, type: 'boolean' | 'integer' | 'choice', default: unknown,
 *   label: string, help: string, choices?: string[], min?: number, max?: number}} SettingSpec
 * @type {SettingSpec[]}
 */
export const SETTINGS = [
  {
    key: 'autoMatchByDefault', type: 'boolean', default: false,
    label: 'Match automatically by default',
    help: 'A pod with neither a pin nor the automatic annotation is matched automatically (clusters set this with eci-profile).',
  },
  {
    key: 'acrVpcEquivalence', type: 'boolean', default: true,
    label: 'ACR VPC endpoint = public endpoint',
    help: 'registry-vpc.<region>.aliyuncs.com and registry.<region>.aliyuncs.com are one registry (also for Enterprise instances).',
  },
  {
    key: 'temporaryStorageGiB', type: 'integer', default: 30, min: 1, max: 32768,
    label: 'Temporary storage (GiB)',
    help: 'The instance\u2019s temporary storage before k8s.aliyun.com/eci-extra-ephemeral-storage.',
  },
  {
    key: 'pinResolvedCache', type: 'boolean', default: true,
    label: 'Pin the resolved cache',
    help: 'The patch pins the cache it resolved on the pod.',
  },
  {
    key: 'pinAnnotation', type: 'choice', default: 'k8s.aliyun.com/eci-image-snapshot-id',
    choices: ['k8s.aliyun.com/eci-image-snapshot-id', 'k8s.aliyun.com/eci-imc-id'],
    label: 'Pin annotation the patch writes',
    help: 'The older name is read by every version of ECI\u2019s virtual node.',
  },
  {
    key: 'setIfNotPresent', type: 'boolean', default: true,
    label: 'Set imagePullPolicy: IfNotPresent',
    help: 'The patch sets IfNotPresent on containers whose image the resolved cache serves.',
  },
  {
    key: 'mutateWorkloads', type: 'boolean', default: false,
    label: 'Also pin in workload templates',
    help: 'Off by default: a pin in a Deployment outlives the cache it names.',
  },
  {
    key: 'rejectUnusablePin', type: 'boolean', default: true,
    label: 'Reject an unusable pin',
    help: 'A pin to a missing, unready or expired cache is an error rather than a warning.',
  },
  {
    key: 'onLookupFailure', type: 'choice', default: 'accept', choices: ['accept', 'reject'],
    label: 'When listing caches fails (policy only)',
    help: 'Used by the admission policy only; accepted and ignored here.',
  },
];

/** Every setting at its default. */
export function defaultSettings() {
  return Object.fromEntries(SETTINGS.map((spec) => [spec.key, spec.default]));
}

/**
 * Keeps the known settings with a value of the right type; drops everything else (used on
 * state restored from a link, which anyone can write).
 */
export function sanitizeSettings(input) {
  const out = defaultSettings();
  if (input === null || typeof input !== 'object') return out;
  for (const spec of SETTINGS) {
    const value = input[spec.key];
    if (spec.type === 'boolean' && typeof value === 'boolean') out[spec.key] = value;
    if (spec.type === 'integer' && Number.isInteger(value)) out[spec.key] = value;
    if (spec.type === 'choice' && spec.choices.includes(value)) out[spec.key] = value;
  }
  return out;
}

/** Only the settings that differ from their default. */
export function changedSettings(settings) {
  return Object.fromEntries(SETTINGS.filter((spec) => settings[spec.key] !== spec.default).map((spec) => [spec.key, settings[spec.key]]));
}

/**
 * Builds the panel's fields into `form`, calling `onChange` after every edit.
 * @param {HTMLFormElement} form
 * @param {() => void} onChange
 */
export function buildSettingsForm(form, onChange) {
  const fields = SETTINGS.map((spec) => {
    const id = `setting-${spec.key}`;
    const helpId = `${id}-help`;
    let input;
    if (spec.type === 'boolean') {
      input = h('input', { type: 'checkbox', id, name: spec.key, 'aria-describedby': helpId });
    } else if (spec.type === 'integer') {
      input = h('input', {
        type: 'number', id, name: spec.key, min: spec.min, max: spec.max, step: 1, inputmode: 'numeric',
        'aria-describedby': helpId,
      });
    } else {
      input = h('select', { id, name: spec.key, 'aria-describedby': helpId },
        spec.choices.map((choice) => h('option', { value: choice }, choice)));
    }
    input.addEventListener(spec.type === 'choice' || spec.type === 'boolean' ? 'change' : 'input', onChange);
    const label = h('label', { for: id }, spec.label);
    const description = h('p', { class: 'help', id: helpId }, helpText(spec));
    return h('div', { class: `field field-${spec.type}`, dataset: { setting: spec.key } },
      spec.type === 'boolean' ? [input, label, description] : [label, input, description]);
  });
  form.replaceChildren(...fields);
  form.addEventListener('submit', (event) => event.preventDefault());
}

function helpText(spec) {
  return `${spec.help} (${spec.key}, default ${String(spec.default)})`;
}

/**
 * The settings the panel shows. An empty or unreadable number is passed through as it is,
 * so that the core names the problem.
 * @param {HTMLFormElement} form
 */
export function readSettingsForm(form) {
  const out = {};
  for (const spec of SETTINGS) {
    const input = /** @type {HTMLInputElement} */ (form.elements.namedItem(spec.key));
    if (spec.type === 'boolean') out[spec.key] = input.checked;
    else if (spec.type === 'integer') {
      if (input.value.trim() === '') continue;
      out[spec.key] = Number(input.value);
    } else out[spec.key] = input.value;
  }
  return out;
}

/** Shows `settings` in the panel. */
export function writeSettingsForm(form, settings) {
  for (const spec of SETTINGS) {
    const input = form.elements.namedItem(spec.key);
    const value = settings[spec.key] ?? spec.default;
    if (spec.type === 'boolean') input.checked = value;
    else input.value = String(value);
  }
}
