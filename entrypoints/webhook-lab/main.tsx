import { render } from 'preact';
import { WebhookLab } from './WebhookLab';

render(<WebhookLab />, document.getElementById('app')!);
