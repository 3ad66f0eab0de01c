import { SocketEvents } from '@eloquent/contracts';
import { Events } from './events';

describe('client event names', () => {
  it('are the contract’s socket events', () => {
    expect(Events).toEqual(SocketEvents);
  });
});
