// main.jsx — compiles the rules' WebAssembly off the main thread's critical
// path (createStoreAsync uses WebAssembly.compile), then renders the form.
import React from 'react'
import { createRoot } from 'react-dom/client'
import { createStoreAsync } from '../../checkout.wp?react'
import { App } from './App.jsx'
import { concerns, listeners, validators } from './handlers.js'
import { initialState } from './initial.js'

const { store, Provider } = await createStoreAsync(initialState, { listeners, validators, concerns })
// for the console, and the browser test
window.checkoutStore = store
createRoot(document.getElementById('root')).render(
  <React.StrictMode>
    <Provider>
      <App />
    </Provider>
  </React.StrictMode>,
)
