/**
 * Language identification by character statistics, for the three classes the pipeline filters on:
 * zh, en and other. No model: Han characters without kana/hangul mean Chinese; Latin letters mean English
 * when enough of the words are common English function words (so French or pinyin is `other`).
 * Confidence is the share of letters in the winning script, lowered for Latin text with few English
 * function words. Short Latin texts (under 4 words) are taken as English on script alone: there is too
 * little to tell. Mixed texts go to the script with more letters (Han characters count 2, as one carries
 * about as much as a short English word).
 */
import { countCharClasses } from './char-classes.js';
import { KEEP, type TextOperator } from './operator.js';
import type { PipelineLanguage, LanguageFilterOperatorSpec } from './pipeline-spec.js';

const ENGLISH_WORDS = new Set(
  ('the of and to a in is it you that he was for on are with as i his they be at one have this from or had by not ' +
    'but what some we can out other were all there when up use your how said an each she which do their if will way ' +
    'about many then them would like so these her see him has more could go come did my no get me our us its been ' +
    'than who may new now just any also into only very after before over should because well why where here').split(' '),
);

export interface LanguageGuess {
  language: PipelineLanguage;
  confidence: number;
}

export function identifyLanguage(text: string): LanguageGuess {
  const c = countCharClasses(text);
  const hanWeight = c.han * 2;
  const letters = hanWeight + c.kanaHangul * 2 + c.latin + c.other;
  if (letters === 0) return { language: 'other', confidence: 1 };
  // Kana or hangul mean Japanese or Korean even when Han characters dominate.
  if (c.kanaHangul > 0 && c.kanaHangul * 10 >= c.han) return { language: 'other', confidence: (c.kanaHangul * 2 + hanWeight) / letters };
  if (hanWeight >= c.latin && hanWeight > c.other) return { language: 'zh', confidence: hanWeight / letters };
  if (c.latin > c.other) {
    const share = c.latin / letters;
    const words = text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
    if (words.length < 4) return { language: 'en', confidence: share };
    const common = words.filter((w) => ENGLISH_WORDS.has(w)).length / words.length;
    // Ordinary English prose has 30-50 % function words; below 10 % it is very unlikely to be English.
    const english = Math.min(1, common / 0.2);
    return english >= 0.5 ? { language: 'en', confidence: share * english } : { language: 'other', confidence: share * (1 - english) };
  }
  return { language: 'other', confidence: c.other / letters };
}

export function createLanguageFilter(spec: LanguageFilterOperatorSpec): TextOperator {
  const allowed = new Set(spec.languages);
  const minConfidence = spec.minConfidence ?? 0.5;
  return {
    apply(text) {
      const guess = identifyLanguage(text);
      const language = guess.confidence >= minConfidence ? guess.language : 'other';
      return allowed.has(language) ? KEEP : { kind: 'drop', reason: `language ${language} (confidence ${guess.confidence.toFixed(2)})` };
    },
  };
}
