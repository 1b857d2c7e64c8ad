import type { ReactNode } from 'react';
import { matchRoute } from '../router/match-route.ts';
import { AttemptPage } from './AttemptPage.tsx';
import { CoursePage } from './CoursePage.tsx';
import { ExamPage } from './ExamPage.tsx';
import { SkillsPage } from './SkillsPage.tsx';
import { TrainingPage } from './TrainingPage.tsx';
import './training.css';

/** The training area's pages (docs/training.md), or null when the path is not one of them. */
export function trainingRoute(path: string): ReactNode {
  if (matchRoute('/training', path)) return <TrainingPage />;
  if (matchRoute('/training/skills', path)) return <SkillsPage />;
  let m = matchRoute('/training/courses/:id', path);
  if (m?.id) return <CoursePage key={m.id} courseId={m.id} />;
  m = matchRoute('/training/exams/:id', path);
  if (m?.id) return <ExamPage key={m.id} examId={m.id} />;
  m = matchRoute('/training/attempts/:id', path);
  if (m?.id) return <AttemptPage key={m.id} attemptId={m.id} />;
  return null;
}
