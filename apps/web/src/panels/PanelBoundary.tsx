import { Component, type ErrorInfo, type ReactNode } from 'react';

type State = { readonly error: Error | null };

/** One panel's bug stays in that panel (STYLE §B.11). */
export class PanelBoundary extends Component<{ readonly name: string; readonly children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`netloom: the ${this.props.name} panel failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div role="alert" className="error">
        The {this.props.name} panel failed: {this.state.error.message}
        <button type="button" onClick={() => this.setState({ error: null })}>
          Retry
        </button>
      </div>
    );
  }
}
