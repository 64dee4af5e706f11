import { E as EnclaveBuildError, y as trackTemp, B as tempBeside, u as fileError, D as moveIntoPlace, z as untrackTemp } from './main-BQHnxbfa.js';

const fs = process.getBuiltinModule('node:fs');
/**
 * Writes `files` as one set. Without `overwrite`, an existing file is
 * refused (INPUT_INVALID, "pass --force") before anything is written, and
 * each file is linked into place so that one made meanwhile is not
 * replaced either.
 */
async function writeFileSet(files, options) {
    refuseOverwrite(files.map((f) => f.path), options.overwrite);
    const temps = files.map((f) => trackTemp(tempBeside(f.path)));
    const placed = [];
    try {
        await Promise.all(files.map(async (f, i) => {
            const mode = f.mode ?? 0o644;
            try {
                await fs.promises.writeFile(temps[i], f.data, { mode, flag: 'wx' });
                await fs.promises.chmod(temps[i], mode);
            }
            catch (err) {
                throw fileError(err, f.path, 'the output', 'write');
            }
        }));
        for (const [i, f] of files.entries()) {
            try {
                if (options.overwrite)
                    await moveIntoPlace(temps[i], f.path);
                else {
                    await fs.promises.link(temps[i], f.path);
                    await fs.promises.rm(temps[i], { force: true });
                }
            }
            catch (err) {
                if (err.code === 'EEXIST')
                    throw new EnclaveBuildError('INPUT_INVALID', `${f.path} appeared while it was being written; pass --force to replace it`, { cause: err });
                throw fileError(err, f.path, 'the output', 'write');
            }
            untrackTemp(temps[i]);
            placed.push(f.path);
        }
    }
    catch (err) {
        await Promise.all([...temps, ...placed].map((p) => fs.promises.rm(p, { force: true }).catch(() => undefined)));
        for (const t of temps)
            untrackTemp(t);
        throw err;
    }
}
/**
 * Refuses (INPUT_INVALID) when any of `paths` exists and `force` is not
 * set; called before costly work such as generating a key.
 */
function refuseOverwrite(paths, force) {
    if (force)
        return;
    for (const path of paths)
        if (fs.existsSync(path) || isLink(path))
            throw new EnclaveBuildError('INPUT_INVALID', `${path} exists; pass --force to replace it`);
}
function isLink(path) {
    try {
        return fs.lstatSync(path).isSymbolicLink();
    }
    catch {
        return false;
    }
}

export { refuseOverwrite, writeFileSet };
