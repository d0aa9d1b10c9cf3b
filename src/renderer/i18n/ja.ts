/**
 * 日本語の UI 文言。キーは en.ts と同じ（欠けても余っても型エラー）。日本語の分析者が普段使う語に
 * 揃える：ラベル、話者、文字起こし、感情スコア、書き出し、調整（チューニング）。
 */
import type { Messages } from './en';

export const ja: Messages = {
  'nav.library': 'ライブラリ',
  'nav.review': 'レビュー',
  'nav.queue': 'キュー',
  'nav.tune': 'チューニング',
  'nav.agreement': '一致度',
  'nav.export': '書き出し',
  'nav.label': '画面',
  'top.undoDepth': '元に戻す／やり直しの段数（プロジェクトに保存）',
  'top.undoDepthAria': '元に戻す {undo} 段、やり直し {redo} 段',
  'top.shortcuts': 'キーボードショートカット',
  'top.connection': 'バックエンドとの接続：{state}',
  'conn.connecting': '接続中',
  'conn.open': '接続済み',
  'conn.closed': '切断',
  'top.theme': 'テーマ',
  'top.language': '言語',
  'theme.system': 'システム',
  'theme.light': 'ライト',
  'theme.dark': 'ダーク',
  'lang.system': 'システム',
  'lang.en': 'English',
  'lang.ja': '日本語',
  'fatal.load': 'プロジェクトを読み込めませんでした：{error}',
  'fatal.noToken': 'アクセストークンがありません。`attune serve` が表示した URL（末尾が ?token=…）を開いてください。',
  'blind.toggle': 'ブラインドでラベル付け：各分析者には自分のラベルだけを表示',
  'blind.hidden': 'プロジェクトはブラインドでラベル付け中のため、一致度は表示しません（他の注釈者のスコアが分かってしまうため）。見るにはブラインドをオフにしてください。',
  'blind.badge': 'ブラインド',
  'blind.badgeTitle': 'プロジェクトはブラインドでラベル付け中：自分のラベルだけが表示され、他の注釈者のラベルやゴールドラベルは表示されません（一致度画面、または Shift+B）',
};
