import { createHash } from 'node:crypto';

/**
 * The confidential ACI security policy (CCE policy) for one container, in
 * the shape `az confcom acipolicygen` writes (confcom's sample
 * policy_infrastructure_svn.rego): Rego with `containers` as sorted-key
 * compact JSON, the image's container first and ACI's pause container
 * after it, then the allow flags and the framework rule bindings. The
 * bytes match confcom only for the same confcom version and defaults; what
 * Azure checks is HOST_DATA = SHA-256 of exactly the text deployed, which
 * is what this returns beside the text.
 */
/** Environment rules ACI's runtime adds (regular expressions, not required). */
const ACI_ENV_RE2 = [
    '(?i)(FABRIC)_.+=.+',
    'HOSTNAME=.+',
    'T(E)?MP=.+',
    'FabricPackageFileName=.+',
    'HostedServiceName=.+',
    'IDENTITY_API_VERSION=.+',
    'IDENTITY_HEADER=.+',
    'IDENTITY_SERVER_THUMBPRINT=.+',
    'azurecontainerinstance_restarted_by=.+'
];
const CAPS = [
    'CAP_AUDIT_WRITE',
    'CAP_CHOWN',
    'CAP_DAC_OVERRIDE',
    'CAP_FOWNER',
    'CAP_FSETID',
    'CAP_KILL',
    'CAP_MKNOD',
    'CAP_NET_BIND_SERVICE',
    'CAP_NET_RAW',
    'CAP_SETFCAP',
    'CAP_SETGID',
    'CAP_SETPCAP',
    'CAP_SETUID',
    'CAP_SYS_CHROOT'
];
const PAUSE_CAPS = [
    'CAP_CHOWN',
    'CAP_DAC_OVERRIDE',
    'CAP_FSETID',
    'CAP_FOWNER',
    'CAP_MKNOD',
    'CAP_NET_RAW',
    'CAP_SETGID',
    'CAP_SETUID',
    'CAP_SETFCAP',
    'CAP_SETPCAP',
    'CAP_NET_BIND_SERVICE',
    'CAP_SYS_CHROOT',
    'CAP_KILL',
    'CAP_AUDIT_WRITE'
];
const ANY_USER = {
    group_idnames: [{ pattern: '', strategy: 'any' }],
    umask: '0022',
    user_idname: { pattern: '', strategy: 'any' }
};
/** ACI's pause container as confcom's policies list it (its one layer's dm-verity root). */
const PAUSE = {
    allow_elevated: false,
    allow_stdio_access: true,
    capabilities: {
        ambient: [],
        bounding: PAUSE_CAPS,
        effective: PAUSE_CAPS,
        inheritable: [],
        permitted: PAUSE_CAPS
    },
    command: ['/pause'],
    env_rules: [
        {
            pattern: 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
            required: true,
            strategy: 'string'
        },
        { pattern: 'TERM=xterm', required: false, strategy: 'string' }
    ],
    exec_processes: [],
    layers: ['16b514057a06ad665f92c02863aca074fd5976c755d26bff16365299169e8415'],
    mounts: [],
    name: 'pause-container',
    no_new_privileges: false,
    seccomp_profile_sha256: '',
    signals: [],
    user: ANY_USER,
    working_dir: '/'
};
/** JSON with object keys sorted and no spaces (Python's json.dumps(sort_keys=True, separators=(",", ":"))). */
function sortedJson(v) {
    if (Array.isArray(v))
        return `[${v.map(sortedJson).join(',')}]`;
    if (v !== null && typeof v === 'object')
        return `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`)
            .join(',')}}`;
    return JSON.stringify(v);
}
/** The policy text and its HOST_DATA. */
function acePolicy(input) {
    const c = input.config.config ?? {};
    const env = (c.Env ?? []).map((e) => ({
        pattern: e,
        required: false,
        strategy: 'string'
    }));
    if (!(c.Env ?? []).some((e) => e.startsWith('TERM=')))
        env.push({ pattern: 'TERM=xterm', required: false, strategy: 'string' });
    for (const p of ACI_ENV_RE2)
        env.push({ pattern: p, required: false, strategy: 're2' });
    const container = {
        allow_elevated: false,
        allow_stdio_access: true,
        capabilities: {
            ambient: [],
            bounding: CAPS,
            effective: CAPS,
            inheritable: [],
            permitted: CAPS
        },
        command: [...(c.Entrypoint ?? []), ...(c.Cmd ?? [])],
        env_rules: env,
        exec_processes: [],
        id: input.id,
        layers: input.layers,
        mounts: [
            {
                destination: '/etc/resolv.conf',
                options: ['rbind', 'rshared', 'rw'],
                source: 'sandbox:///tmp/atlas/resolvconf/.+',
                type: 'bind'
            }
        ],
        name: input.name ?? 'container1',
        no_new_privileges: false,
        seccomp_profile_sha256: '',
        signals: [],
        user: ANY_USER,
        working_dir: c.WorkingDir !== undefined && c.WorkingDir !== '' ? c.WorkingDir : '/'
    };
    const rules = [
        'mount_device',
        'unmount_device',
        'mount_overlay',
        'unmount_overlay',
        'create_container',
        'exec_in_container',
        'exec_external',
        'shutdown_container',
        'signal_container_process',
        'plan9_mount',
        'plan9_unmount',
        'get_properties',
        'dump_stacks',
        'runtime_logging',
        'load_fragment',
        'scratch_mount',
        'scratch_unmount',
        'rw_mount_device'
    ];
    const text = `package policy\n\nimport future.keywords.every\nimport future.keywords.in\n\n` +
        `api_version := "0.11.0"\nframework_version := "0.2.3"\n\n` +
        `fragments := [\n  {\n    "feed": "mcr.microsoft.com/aci/aci-cc-infra-fragment",\n    "includes": [\n      "containers",\n      "fragments"\n    ],\n` +
        `    "issuer": "did:x509:0:sha256:I__iuL25oXEVFdTP_aBLx_eT1RPHbCQ_ECBQfYZpt9s::eku:1.3.6.1.4.1.311.76.59.1.3",\n    "minimum_svn": ${JSON.stringify(input.minimumSvn ?? '1')}\n  }\n]\n\n` +
        `containers := ${sortedJson([container, PAUSE])}\n\n` +
        `allow_properties_access := true\nallow_dump_stacks := false\nallow_runtime_logging := false\n` +
        `allow_environment_variable_dropping := true\nallow_unencrypted_scratch := false\nallow_capability_dropping := true\n\n` +
        rules.map((r) => `${r} := data.framework.${r}\n`).join('') +
        `\nreason := {"errors": data.framework.errors}\n\n\n`;
    return {
        text,
        hostData: createHash('sha256').update(text, 'utf8').digest('hex')
    };
}

export { acePolicy, sortedJson };
