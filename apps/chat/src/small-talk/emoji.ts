import type { SmallTalkKind } from '@eloquent/contracts';

/**
 * Common emoji that say a kind of small talk on their own (docs/chat.md, "Small talk"): "👍"
 * after an answer is an "ok", "🙏" is thanks, "👋" is hello. A short list on purpose: any
 * other emoji says no kind. Keyed by the emoji's one code point: a variation selector
 * (U+FE0F, "❤️") or a skin tone (U+1F3FB–U+1F3FF, "👍🏽") after it is a code point of its own
 * and not pictographic, so it is not read; an emoji joined to others (U+200D) is read as each.
 */
const EMOJI = new Map<string, SmallTalkKind>([
  // thumbs up, OK hand, check marks, the OK button, clapping, smiles
  ...emoji('acknowledgement', '👍 👌 ✅ ✔ ☑ 🆗 👏 🙂 😊 ☺ 😀 😃 😄 😁 😉 💯'),
  // folded hands, hearts, smiling with hearts
  ...emoji('thanks', '🙏 ❤ ♥ 💙 💚 💛 💜 🧡 🤍 💕 💖 🥰 😍'),
  // waving hand
  ...emoji('greeting', '👋'),
]);

const PICTOGRAPH = /\p{Extended_Pictographic}/gu;

/** The kinds of small talk the emoji in `text` say; emoji not in the list say none. */
export function emojiKindsOf(text: string): SmallTalkKind[] {
  const kinds: SmallTalkKind[] = [];
  for (const pictograph of text.match(PICTOGRAPH) ?? []) {
    const kind = EMOJI.get(pictograph);
    if (kind) kinds.push(kind);
  }
  return kinds;
}

function emoji(kind: SmallTalkKind, list: string): Array<[string, SmallTalkKind]> {
  // Written plain in the list; a variation selector pasted with one is dropped.
  return list.split(' ').map((glyph) => [glyph.replace(/\uFE0F/g, ''), kind]);
}
