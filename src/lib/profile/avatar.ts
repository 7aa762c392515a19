import { extensionFor, imageFileProblem, prepareImage } from '../images/prepare.ts';
import { supabase } from '../supabase.ts';

export type AvatarResult = { ok: true; path: string } | { ok: false; message: string };

/**
 * Replaces the user's avatar: checks the file, shrinks it to 512 px without its metadata,
 * uploads it under a new name, then points the profile at it. If the profile cannot be updated
 * the upload is removed again, and the old picture is removed only once the new one is in use.
 */
export async function replaceAvatar(
  userId: string,
  file: File,
  oldPath: string | null,
): Promise<AvatarResult> {
  const problem = imageFileProblem(file);
  if (problem) return { ok: false, message: problem };
  let image;
  try {
    image = await prepareImage(file, 512);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const path = `${userId}/${crypto.randomUUID()}.${extensionFor(image.type)}`;
  const bucket = supabase.storage.from('avatars');
  const upload = await bucket.upload(path, image.blob, { contentType: image.type, cacheControl: '31536000' });
  if (upload.error) return { ok: false, message: uploadMessage(upload.error.message) };
  const { error } = await supabase.from('profiles').update({ avatar_path: path }).eq('id', userId);
  if (error) {
    await bucket.remove([path]);
    return { ok: false, message: 'The picture could not be saved. Please try again.' };
  }
  await removeOtherAvatars(userId, path, oldPath);
  return { ok: true, path };
}

/**
 * Removes every picture in the user's folder except the one in use: the previous one, and any
 * left behind by an earlier change that was cut off (a tab closed between the profile update and
 * the removal). A failure here leaves an unused file, never a broken profile.
 */
async function removeOtherAvatars(userId: string, keep: string, oldPath: string | null): Promise<void> {
  const bucket = supabase.storage.from('avatars');
  const { data } = await bucket.list(userId, { limit: 100 });
  const stale = new Set((data ?? []).map((object) => `${userId}/${object.name}`));
  if (oldPath) stale.add(oldPath);
  stale.delete(keep);
  if (stale.size > 0) await bucket.remove([...stale]);
}

function uploadMessage(message: string): string {
  if (/fetch|network/i.test(message)) return 'You seem to be offline. The picture was not changed.';
  if (/size|large/i.test(message)) return 'The picture is too large even after resizing. Try a smaller one.';
  return 'The picture could not be uploaded. Please try again.';
}
