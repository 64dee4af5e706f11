import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { t as trimCmdline } from './pcr-ClYbwWw4.js';
import { b as bootstrapRamdisk, B as BOOTSTRAP_REFERENCE_MTIME } from './ramdisk-EuQQHTGs.js';
import { r as readInput } from './common-Ci8ZxLLG.js';

// The boot inputs `nitro build` and `nitro pcr1` share: kernel, command
// line and the bootstrap ramdisk made from AWS's blobs. PCR1 covers exactly
// these, so both subcommands must read them the same way: one definition.
/** The flags of the kernel and its command line (build and pcr1). */
const kernelOptions = {
    kernel: {
        type: 'string',
        arg: 'FILE',
        file: 'kernel',
        required: true,
        help: 'Enclave kernel (bzImage on x86_64, Image on aarch64).'
    },
    cmdline: {
        type: 'string',
        arg: 'TEXT',
        help: 'Kernel command line (trimmed like nitro-cli).'
    },
    'cmdline-file': {
        type: 'string',
        arg: 'FILE',
        file: 'cmdline',
        help: "The command line from a file (AWS's blobs/<arch>/cmdline), read as nitro-cli does."
    }
};
/** The flags that make the bootstrap ramdisk from AWS's blobs (build and pcr1). */
const bootstrapOptions = {
    init: {
        type: 'string',
        arg: 'FILE',
        file: 'blob',
        help: "AWS's enclave init (blobs/<arch>/init): with --nsm, the bootstrap ramdisk is made and goes first."
    },
    nsm: {
        type: 'string',
        arg: 'FILE',
        file: 'blob',
        help: 'The NSM driver nsm.ko (blobs/<arch>/nsm.ko); goes with --init.'
    },
    'bootstrap-layout': {
        type: 'string',
        default: 'linuxkit',
        arg: 'linuxkit|reference',
        help: "How the bootstrap ramdisk is archived: as nitro-cli's linuxkit does, or our canonical cpio (mtime 1), as the action's nitro-bootstrap-layout."
    }
};
/** The kernel command line from --cmdline or --cmdline-file (exactly one), trimmed. */
async function cmdlineOf(io, text, file) {
    if ((text === undefined) === (file === undefined))
        throw new EnclaveBuildError('INPUT_INVALID', 'give the kernel command line: --cmdline TEXT or --cmdline-file FILE (one of them)');
    if (text !== undefined)
        return trimCmdline(text);
    const bytes = await readInput(io, file, 'cmdline file');
    let decoded;
    try {
        // nitro-cli reads the blob with read_to_string: it must be UTF-8.
        decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        throw new EnclaveBuildError('INPUT_INVALID', `the cmdline file ${file} is not UTF-8 text`);
    }
    return trimCmdline(decoded);
}
/** The bootstrap ramdisk from --init and --nsm, or undefined when neither is given. */
async function bootstrapOf(io, v) {
    if (v.init === undefined && v.nsm === undefined)
        return undefined;
    if (v.init === undefined || v.nsm === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', '--init and --nsm go together: the bootstrap ramdisk holds both');
    const layout = v['bootstrap-layout'];
    if (layout !== 'linuxkit' && layout !== 'reference')
        throw new EnclaveBuildError('INPUT_INVALID', '--bootstrap-layout must be linuxkit or reference');
    const [init, nsm] = await Promise.all([
        readInput(io, v.init, 'init'),
        readInput(io, v.nsm, 'nsm.ko')
    ]);
    // The same ramdisk the action's target makes from the same blobs.
    return bootstrapRamdisk({
        init,
        nsm,
        layout,
        mtime: BOOTSTRAP_REFERENCE_MTIME
    });
}

export { bootstrapOptions as a, bootstrapOf as b, cmdlineOf as c, kernelOptions as k };
