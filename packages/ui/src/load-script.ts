// Code a UI fetches only when someone first needs it (the widget's emoji picker, the console's Team setup): one
// script tag per URL, however often it is asked for; a failed load is forgotten, so the next request tries again.
const loads = new Map<string, Promise<void>>();

export function loadScript(src: string): Promise<void> {
  let load = loads.get(src);
  if (!load) {
    load = new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(s);
    });
    load.catch(() => loads.delete(src));
    loads.set(src, load);
  }
  return load;
}
